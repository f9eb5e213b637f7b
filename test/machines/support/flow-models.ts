import { createActor, SimulatedClock, type AnyActorLogic, type AnyStateMachine, type Snapshot } from 'xstate';
import {
  awsMarketplaceSignUpMachine,
  emailUpdateMachine,
  externalUserLinkMachine,
  mfaSetupMachine,
  signUpMachine,
} from '../../../src/machines/index.js';
import { resendCooldownDelay } from '../../../src/machines/shared/deadlines.js';
import { codeEntryOutcomes, flowGraph, flowPaths, serverError, type FlowEvent, type FlowGraphOptions, type FlowSnapshot } from '../../../src/testing/index.js';
import { controlledActor, type ControlledActor } from './controlled-actor.js';

/*
 * Every flow machine with the sample events that reach each of its states (as the model-based
 * suites use them), an input, and a starter that provides every actor as a recording
 * `controlledActor`, so a test sees each request the machine sends.
 */

/** The simulated clock's time at the start (epoch ms). */
const T0 = 1_700_000_000_000;

const failed = (operation: string) => ({ type: `xstate.error.actor.${operation}` as const, error: serverError(operation, 500, 'internal_error') });

/** One machine as the robustness tests drive it. */
export interface FlowModel {
  name: string;
  machine: AnyStateMachine;
  input: unknown;
  events: readonly FlowEvent<AnyStateMachine>[];
}

/** A started machine whose every actor records its calls and never settles by itself. */
export interface StartedFlow {
  actor: ReturnType<typeof createActor<AnyStateMachine>>;
  /** Every request sent, as `src` and input, in order. */
  requests(): Array<{ src: string; input: unknown }>;
  clock: SimulatedClock;
}

const tenant = { id: 'tenant-1', name: 'Acme' };
const tenantOutput = { id: 'tenant-2', name: 'New Co', attributes: {}, back_office_staff_email: 'ann@example.com', plan_histories: [] };

/** The five flows. */
export const flowModels: readonly FlowModel[] = [
  {
    name: 'signUp',
    machine: signUpMachine,
    input: { resendCooldownMs: 60_000 },
    events: [
      { type: 'email.submit', email: 'ann@example.com' },
      { type: 'email.submit', email: 'not-an-address' },
      { type: 'email.change' },
      { type: 'code.resend' },
      { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'callback-code' } },
      { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: ' ' } },
      { type: 'flow.retry' },
      { type: 'xstate.done.actor.signUp', output: { userId: 'user-1', sentAt: T0 } },
      failed('signUp'),
      { type: 'xstate.done.actor.resendSignUpConfirmationEmail', output: { sentAt: T0 } },
      failed('resendSignUpConfirmationEmail'),
      { type: 'xstate.done.actor.confirmSignUp', output: { userId: 'user-1' } },
      failed('confirmSignUp'),
    ],
  },
  {
    name: 'emailUpdate',
    machine: emailUpdateMachine,
    input: {},
    events: [
      { type: 'email.submit', email: 'ann.new@example.com' },
      { type: 'email.submit', email: 'no-at-sign' },
      { type: 'email.change' },
      { type: 'code.submit', code: '123456' },
      { type: 'code.submit', code: '' },
      { type: 'code.resend' },
      { type: 'flow.retry' },
      { type: 'xstate.done.actor.requestEmailUpdate', output: { sentAt: T0 } },
      failed('requestEmailUpdate'),
      ...codeEntryOutcomes('confirmEmailUpdate'),
    ],
  },
  {
    name: 'externalUserLink',
    machine: externalUserLinkMachine,
    input: {},
    events: [
      { type: 'link.start' },
      { type: 'link.remove' },
      { type: 'code.submit', code: '123456' },
      { type: 'code.submit', code: '  ' },
      { type: 'code.resend' },
      { type: 'flow.retry' },
      { type: 'xstate.done.actor.requestExternalUserLink', output: { sentAt: T0 } },
      failed('requestExternalUserLink'),
      ...codeEntryOutcomes('confirmExternalUserLink'),
      { type: 'xstate.done.actor.unlinkProvider' },
      failed('unlinkProvider'),
    ],
  },
  {
    name: 'mfaSetup',
    machine: mfaSetupMachine,
    input: { accountName: 'ann@example.com' },
    events: [
      { type: 'enrollment.start' },
      { type: 'code.submit', code: '123456' },
      { type: 'code.submit', code: '' },
      { type: 'enrollment.restart' },
      { type: 'secret.hide' },
      { type: 'mfa.disable' },
      { type: 'flow.retry' },
      { type: 'xstate.done.actor.getUserMfaPreference', output: { enabled: false } },
      { type: 'xstate.done.actor.getUserMfaPreference', output: { enabled: true, method: 'softwareToken' } },
      failed('getUserMfaPreference'),
      { type: 'xstate.done.actor.createSecretCode', output: { secret_code: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' } },
      failed('createSecretCode'),
      ...codeEntryOutcomes('updateSoftwareToken', { expires: false }),
      { type: 'xstate.done.actor.updateUserMfaPreference' },
      failed('updateUserMfaPreference'),
    ],
  },
  ...[{ tenants: [tenant] }, {}].map((extra) => ({
    name: extra.tenants ? 'awsMarketplaceSignUp (customer)' : 'awsMarketplaceSignUp (new buyer)',
    machine: awsMarketplaceSignUpMachine,
    input: { registrationToken: 'reg-token-1', ...extra },
    events: [
      { type: 'email.submit', email: 'ann@example.com' },
      { type: 'email.submit', email: 'not-an-address' },
      { type: 'email.change' },
      { type: 'code.resend' },
      { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: 'Temp-1234', newPassword: 'N3w-password' } },
      { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: '', newPassword: '' } },
      { type: 'tenant.submit', name: 'New Co' },
      { type: 'tenant.choose', tenantId: tenant.id },
      { type: 'tenant.choose', tenantId: 'someone-elses-tenant' },
      { type: 'tenant.create' },
      { type: 'flow.retry' },
      { type: 'xstate.done.actor.signUpWithAwsMarketplace', output: { userId: 'user-1', sentAt: T0 } },
      failed('signUpWithAwsMarketplace'),
      { type: 'xstate.done.actor.resendSignUpConfirmationEmail', output: { sentAt: T0 } },
      failed('resendSignUpConfirmationEmail'),
      { type: 'xstate.done.actor.confirmSignUp', output: { userId: 'user-1' } },
      failed('confirmSignUp'),
      { type: 'xstate.done.actor.confirmSignUpWithAwsMarketplace', output: tenantOutput },
      failed('confirmSignUpWithAwsMarketplace'),
      { type: 'xstate.done.actor.linkAwsMarketplace' },
      failed('linkAwsMarketplace'),
    ] as FlowEvent<AnyStateMachine>[],
  })),
];

/** The context the guards read, so graph states differ where a guard could tell them apart. */
function guardedContext(snapshot: { context: { error?: { retryable: boolean }; resendQueued?: boolean } }) {
  return { canRetry: snapshot.context.error?.retryable === true, resendQueued: snapshot.context.resendQueued };
}

/** Starts `model`'s machine with recording actors and a simulated clock, restoring `snapshot` if given. */
export function startFlow(model: FlowModel, snapshot?: Snapshot<unknown>, input: unknown = model.input): StartedFlow {
  const clock = new SimulatedClock();
  clock.set(T0);
  const recorded: Array<{ src: string; actor: ControlledActor<unknown, unknown> }> = [];
  const actors: Record<string, AnyActorLogic> = {};
  for (const src of Object.keys(model.machine.implementations.actors)) {
    const actor = controlledActor<unknown, unknown>();
    recorded.push({ src, actor });
    actors[src] = actor.logic;
  }
  const machine = model.machine.provide({ actors, delays: { resendCooldown: resendCooldownDelay(() => clock.now()) } });
  const actor = createActor(machine, { input, clock, ...(snapshot === undefined ? {} : { snapshot }) });
  actor.start();
  return {
    actor,
    clock,
    requests: () => recorded.flatMap(({ src, actor: recording }) => recording.calls.map((call) => ({ src, input: call.input }))),
  };
}

/** A way to reach a state: the events from the initial state, and the state reached. */
export interface Reached {
  key: string;
  events: readonly FlowEvent<AnyStateMachine>[];
  state: FlowSnapshot<AnyStateMachine>;
}

/** Every state of `model`'s graph, each with a shortest sequence of events reaching it. */
export function reachableStates(model: FlowModel): Reached[] {
  const options: FlowGraphOptions<AnyStateMachine> = { events: model.events, input: model.input, project: guardedContext };
  const graph = flowGraph(model.machine, options);
  const found = new Map<string, Reached>();
  found.set(graph.initial, { key: graph.initial, events: [], state: graph.states.get(graph.initial) as FlowSnapshot<AnyStateMachine> });
  for (const path of flowPaths(model.machine, { ...options, strategy: 'shortest' }, graph)) {
    path.steps.forEach((step, i) => {
      const key = graph.keyOf(step.state);
      const events = path.steps.slice(0, i + 1).map((s) => s.event);
      const known = found.get(key);
      if (!known || known.events.length > events.length) found.set(key, { key, events, state: step.state });
    });
  }
  return [...found.values()];
}

/** Whether a reached state is settled: active, and no request in flight. */
export function isSettled(state: FlowSnapshot<AnyStateMachine>): boolean {
  return state.status === 'active' && !state.hasTag('busy');
}

/** Drives a fresh actor of `model` along `reached.events` (server outcomes sent as their events). */
export function drive(model: FlowModel, reached: Reached): StartedFlow {
  const flow = startFlow(model);
  for (const event of reached.events) flow.actor.send(event);
  return flow;
}
