import { assign, createMachine, fromPromise, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { deadEndStates, flowGraph, flowPaths, transitionCoverage, unreachableStates } from '../../src/testing/index.js';
import { tinyEvents, tinyMachine } from './tiny.machine.js';

const options = { events: tinyEvents, project: (s: { context: { attempts: number } }) => ({ attempts: s.context.attempts }) };

describe('flowGraph', () => {
  it('finds every transition the sample events enable, including actor outcomes and delays', () => {
    const graph = flowGraph(tinyMachine, options);
    expect(graph.edges.map((edge) => edge.id).sort()).toEqual(
      [
        'entering {"attempts":0} --code.submit--> checking {"attempts":0}',
        'entering {"attempts":0} --flow.cancel--> cancelled {"attempts":0}',
        'checking {"attempts":0} --xstate.done.actor.check--> accepted {"attempts":0}',
        'checking {"attempts":0} --xstate.error.actor.check(code_mismatch)--> entering {"attempts":1}',
        'entering {"attempts":1} --code.submit--> checking {"attempts":1}',
        'entering {"attempts":1} --flow.cancel--> cancelled {"attempts":1}',
        'checking {"attempts":1} --xstate.done.actor.check--> accepted {"attempts":1}',
        'checking {"attempts":1} --xstate.error.actor.check(code_mismatch)--> locked {"attempts":1}',
        'locked {"attempts":1} --xstate.after.cooldown.tiny.locked--> entering {"attempts":0}',
        'locked {"attempts":1} --flow.cancel--> cancelled {"attempts":1}',
      ].sort(),
    );
  });

  it('tells states apart by value only when the projection returns undefined, hiding context-guarded branches', () => {
    const graph = flowGraph(tinyMachine, { events: tinyEvents, project: () => undefined });
    expect([...graph.states.keys()].sort()).toEqual(['accepted', 'cancelled', 'checking', 'entering']);
  });
});

describe('flowPaths', () => {
  it('covers every transition with the transitions strategy, each path starting at the initial state', () => {
    const graph = flowGraph(tinyMachine, options);
    const paths = flowPaths(tinyMachine, { ...options, strategy: 'transitions' }, graph);
    const coverage = transitionCoverage(graph);
    for (const path of paths) for (const step of path.steps) coverage.cover(step.edge);
    expect(coverage.missing()).toEqual([]);
    expect(coverage.summary()).toBe('tiny: 7/7 declared transitions (100%), 10/10 graph edges');
    for (const path of paths) expect(path.steps[0]?.edge.from).toBe(graph.initial);
  });

  it('reaches every state with the shortest strategy and drops paths that start another one', () => {
    const paths = flowPaths(tinyMachine, { ...options, strategy: 'shortest' });
    const ends = paths.map((path) => path.description);
    expect(ends).toContain('entering → code.submit → checking → xstate.done.actor.check → accepted');
    expect(ends).not.toContain('entering → code.submit → checking');
    const states = new Set(paths.flatMap((path) => path.steps.map((step) => step.edge.to)));
    expect(states.size + 1).toBeGreaterThanOrEqual(flowGraph(tinyMachine, options).states.size);
  });

  it('lists every path without repeated states with the simple strategy', () => {
    const simple = flowPaths(tinyMachine, { ...options, strategy: 'simple' });
    const descriptions = simple.map((path) => path.description);
    expect(descriptions).toContain(
      'entering → code.submit → checking → xstate.error.actor.check(code_mismatch) → entering → code.submit → checking → xstate.error.actor.check(code_mismatch) → locked → flow.cancel → cancelled',
    );
    for (const path of simple) expect(new Set(path.steps.map((step) => step.edge.to)).size).toBe(path.steps.length);
  });
});

describe('graph properties', () => {
  it('finds no unreachable state and no dead end in a sound machine', () => {
    expect(unreachableStates(tinyMachine, options)).toEqual([]);
    expect(deadEndStates(tinyMachine, options)).toEqual([]);
  });

  it('reports a state no event leads to, and a state that can never finish', () => {
    const broken = createMachine({
      id: 'broken',
      initial: 'a',
      states: {
        a: { on: { next: 'stuck', done: 'end' } },
        stuck: { on: { poke: 'stuck' } },
        orphan: { on: { done: 'end' } },
        end: { type: 'final' },
      },
    });
    expect(unreachableStates(broken)).toEqual(['broken.orphan']);
    expect(deadEndStates(broken)).toEqual(['stuck']);
  });
});

describe('flowGraph errors', () => {
  it('names the events that lacked a sample when exploring crashes', () => {
    const needsOutput = createMachine({
      id: 'needsOutput',
      initial: 'loading',
      states: {
        loading: { invoke: { id: 'load', src: fromPromise(async () => ({ name: 'x' })), onDone: { target: 'done', actions: assign(({ event }) => ({ name: (event.output as { name: string }).name })) } } },
        done: { type: 'final' },
      },
    });
    expect(() => flowGraph(needsOutput, { events: [] })).toThrow(/xstate\.done\.actor\.load; give them samples/);
  });
});

describe('unreachableStates with eventless states and several inputs', () => {
  const routed = setup({ types: { input: {} as { mode: 'a' | 'b' } } }).createMachine({
    id: 'routed',
    context: ({ input }) => ({ mode: input.mode }),
    initial: 'routing',
    states: {
      routing: { always: [{ guard: ({ context }) => context.mode === 'a', target: 'a' }, { target: 'b' }] },
      a: { on: { finish: 'end' } },
      b: { on: { finish: 'end' } },
      end: { type: 'final' },
    },
  });

  it('counts an eventless start as passed through and needs every input to reach every state', () => {
    const a = { events: [], input: { mode: 'a' as const } };
    const b = { events: [], input: { mode: 'b' as const } };
    expect(unreachableStates(routed, a)).toEqual(['routed.b']);
    expect(unreachableStates(routed, [a, b])).toEqual([]);
    expect(deadEndStates(routed, [a, b])).toEqual([]);
    const graphs = [flowGraph(routed, a), flowGraph(routed, b)];
    const coverage = transitionCoverage(graphs);
    // Declared: two eventless branches, and `finish` from a and from b.
    expect(coverage.total).toBe(4);
    expect(coverage.graph.total).toBe(2);
    const [onlyA] = graphs;
    if (onlyA === undefined) throw new Error('no graph');
    for (const edge of onlyA.edges) coverage.cover(edge);
    expect(coverage.missing()).toEqual(['routing --always--> b', 'b --finish--> end']);
    for (const edge of graphs[1]?.edges ?? []) coverage.cover(edge);
    expect(coverage.missing()).toEqual([]);
  });
});
