import { SimulatedClock, createActor, fromPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { flowGraph, flowPaths, runFlowPath, transitionCoverage } from '../../src/testing/index.js';
import type { FlowScenario } from '../../src/testing/index.js';
import { tinyEvents, tinyMachine } from './tiny.machine.js';

const options = { events: tinyEvents, project: (s: { context: { attempts: number } }) => ({ attempts: s.context.attempts }) };

/** A fake server: answers `check` after a tick, failing as often as it was told to. */
interface World {
  failures: number;
  requests: string[];
  clock: SimulatedClock;
}

function scenario(overrides: Partial<FlowScenario<typeof tinyMachine, World>> = {}): FlowScenario<typeof tinyMachine, World> {
  return {
    setup: () => ({ failures: 0, requests: [], clock: new SimulatedClock() }),
    createActor: (world) =>
      createActor(
        tinyMachine.provide({
          actors: {
            check: fromPromise(async ({ input }: { input: { code: string } }) => {
              world.requests.push(input.code);
              await new Promise((resolve) => setTimeout(resolve, 1));
              if (world.failures > 0) {
                world.failures--;
                throw new Error('code_mismatch');
              }
              return 'ok';
            }),
          },
        }),
        { clock: world.clock },
      ),
    arrange: (outcome, world) => {
      if (outcome.type === 'xstate.error.actor.check') world.failures++;
    },
    perform: (step, world, actor) => {
      if (step.event.type.startsWith('xstate.after.')) world.clock.increment(60_000);
      else actor.send(step.event as (typeof tinyEvents)[0 | 1]);
    },
    ...overrides,
  };
}

describe('runFlowPath', () => {
  it('walks every generated path on the real actor and covers every transition', async () => {
    const graph = flowGraph(tinyMachine, options);
    const coverage = transitionCoverage(graph);
    for (const path of flowPaths(tinyMachine, { ...options, strategy: 'transitions' }, graph)) {
      await runFlowPath(path, scenario(), { coverage });
    }
    expect(coverage.missing()).toEqual([]);
    expect(coverage.covered).toBe(coverage.total);
    expect(coverage.graph.covered).toBe(graph.edges.length);
  });

  it('arranges a server outcome before the request that returns it is sent', async () => {
    const [path] = flowPaths(tinyMachine, { ...options, strategy: 'simple' }).filter((p) => p.description.endsWith('locked → flow.cancel → cancelled'));
    if (path === undefined) throw new Error('no path to locked');
    const seen: number[] = [];
    const base = scenario();
    await runFlowPath(path, {
      ...base,
      arrange: (outcome, world, actor) => {
        seen.push(world.requests.length);
        return base.arrange?.(outcome, world, actor);
      },
    });
    expect(seen).toEqual([0, 1]);
  });

  it('fails with the path, the step and the actual state when the real machine disagrees', async () => {
    const [path] = flowPaths(tinyMachine, { ...options, strategy: 'shortest' }).filter((p) => p.description.endsWith('→ accepted'));
    if (path === undefined) throw new Error('no path to accepted');
    const broken = scenario({ arrange: (_outcome, world) => void (world.failures = 1) });
    await expect(runFlowPath(path, broken, { timeoutMs: 200 })).rejects.toThrow(/step 2 \(xstate\.done\.actor\.check\): expected accepted \{"attempts":0\}, actual entering \{"attempts":1\}/);
  });

  it('does not count a step whose state was not confirmed', async () => {
    const graph = flowGraph(tinyMachine, options);
    const coverage = transitionCoverage(graph);
    const [path] = flowPaths(tinyMachine, { ...options, strategy: 'shortest' }, graph).filter((p) => p.description.endsWith('→ accepted'));
    if (path === undefined) throw new Error('no path to accepted');
    await runFlowPath(path, scenario({ arrange: (_o, world) => void (world.failures = 1) }), { coverage, timeoutMs: 200 }).catch(() => undefined);
    expect(coverage.covered).toBe(1);
  });
});

describe('runFlowPath invariants', () => {
  it('checks each snapshot when it is emitted, and fails the step whose snapshot broke it', async () => {
    const [path] = flowPaths(tinyMachine, { ...options, strategy: 'shortest' }).filter((p) => p.description.endsWith('→ accepted'));
    if (path === undefined) throw new Error('no path to accepted');
    const seen: string[] = [];
    await runFlowPath(path, { ...scenario(), invariant: (snapshot) => void seen.push(String(snapshot.value)) });
    expect(seen).toEqual(['entering', 'checking', 'accepted']);
    const failing = scenario({ invariant: (snapshot) => (snapshot.value === 'checking' ? 'busy without a spinner' : undefined) });
    await expect(runFlowPath(path, failing)).rejects.toThrow(/step 1 \(code\.submit\): busy without a spinner/);
  });
});
