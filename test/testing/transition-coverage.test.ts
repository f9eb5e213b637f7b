import { describe, expect, it } from 'vitest';
import { mfaSetupMachine, signUpMachine } from '../../src/machines/index.js';
import { declaredTransitions, flowGraph, flowPaths, transitionCoverage, type FlowEvent } from '../../src/testing/index.js';
import { guardedContext } from '../model/support/model-suite.js';
import { sampleEvents } from '../model/support/sample-events.js';
import { tinyEvents, tinyMachine } from './tiny.machine.js';

type SignUp = typeof signUpMachine;

/** The sign-up samples of the model-based suite. */
const signUpEvents = sampleEvents(0).signUp;
const project = guardedContext;

/** Walks every step of every generated path (as runFlowPath does once each step is confirmed). */
function walkAll(events: FlowEvent<SignUp>[]) {
  const graph = flowGraph(signUpMachine, { events, project });
  const coverage = transitionCoverage(graph);
  for (const path of flowPaths(signUpMachine, { events, project, strategy: 'transitions' }, graph)) {
    for (const step of path.steps) coverage.cover(step.edge);
  }
  return coverage;
}

describe('declaredTransitions', () => {
  it('lists every on, after, onDone, onError candidate per guard, with short readable ids', () => {
    expect(declaredTransitions(tinyMachine).map((t) => t.id)).toEqual([
      'entering --code.submit--> checking',
      'entering --flow.cancel--> cancelled',
      'checking --done(check)--> accepted',
      'checking --error(check)[hasNoAttemptsLeft]--> locked',
      'checking --error(check)--> entering',
      'locked --flow.cancel--> cancelled',
      'locked --after(cooldown)--> entering',
    ]);
    const ids = declaredTransitions(mfaSetupMachine).map((t) => t.id);
    expect(ids).toContain('enteringCode --code.submit[isCodeFilled]--> updatingSoftwareToken');
    expect(ids).toContain('enteringCode --code.submit--> enteringCode.failed');
    expect(ids).toContain('updatingSoftwareToken --error(updateSoftwareToken)[isSecretDead]--> enrollmentFailed');
    expect(ids).toContain('mfaSetup --flow.cancel--> cancelled');
    expect(declaredTransitions(signUpMachine).map((t) => t.id)).toContain(
      'awaitingConfirmation.resend.coolingDown --after(resendCooldown)[isResendQueued]--> resending',
    );
    for (const id of ids) expect(id.length).toBeLessThan(100);
  });
});

describe('transitionCoverage against the machine', () => {
  it('reaches 100 % of the declared transitions when every kind of sample is given', () => {
    const coverage = walkAll(signUpEvents);
    expect(coverage.missing()).toEqual([]);
    expect(coverage.covered).toBe(coverage.total);
    expect(coverage.total).toBe(declaredTransitions(signUpMachine).length);
    expect(coverage.summary()).toMatch(/^signUp: (\d+)\/\1 declared transitions \(100%\), (\d+)\/\2 graph edges$/);
  });

  it('drops below 100 % when a sample event is removed, and names the unwalked edge', () => {
    const withoutBadAddress = signUpEvents.filter((event) => !(event.type === 'email.submit' && event.email === 'not-an-address'));
    const coverage = walkAll(withoutBadAddress);
    // The graph is smaller, and every one of its own edges was walked…
    expect(coverage.graph.missing()).toEqual([]);
    // …but the machine declares a transition no sample reached.
    expect(coverage.covered).toBeLessThan(coverage.total);
    expect(coverage.missing()).toEqual(['enteringEmail --email.submit--> enteringEmail.failed']);
    expect(coverage.summary()).not.toContain('100%');
    expect(coverage.states()).toContainEqual({ state: 'enteringEmail', covered: 1, total: 2 });
    expect(coverage.report()).toContain('✘ enteringEmail: 1/2');
    expect(coverage.report()).toContain('    enteringEmail --email.submit--> enteringEmail.failed');
  });

  it('starts at 0 of the declared transitions over the machine alone', () => {
    const none = transitionCoverage(signUpMachine);
    expect(none.covered).toBe(0);
    expect(none.missing()).toEqual(declaredTransitions(signUpMachine).map((t) => t.id));
  });

  it('counts one step by the declared transitions it took, per guard', () => {
    const coverage = transitionCoverage(flowGraph(tinyMachine, { events: tinyEvents }));
    const graph = flowGraph(tinyMachine, { events: tinyEvents, project: (s) => ({ attempts: s.context.attempts }) });
    const failedTwice = graph.edges.find((edge) => edge.id.includes('--> locked'));
    if (failedTwice === undefined) throw new Error('no edge to locked');
    coverage.coverStep(failedTwice.source, failedTwice.event);
    expect(coverage.transitions().filter((row) => row.walked > 0).map((row) => row.id)).toEqual(['checking --error(check)[hasNoAttemptsLeft]--> locked']);
  });

  it('refuses an edge of another graph', () => {
    const coverage = transitionCoverage(flowGraph(tinyMachine, { events: tinyEvents }));
    expect(() => coverage.cover('nowhere --x--> there')).toThrow(/is not a transition of the graph/);
  });
});
