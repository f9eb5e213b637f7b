/**
 * `persistFlow` on a small machine whose states carry each kind of `persist` meta, so that what
 * is dropped, reset, resumed and restarted is checked field by field.
 */
import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, setup } from 'xstate';
import { persistFlow } from '../../src/machines/index.js';
import { restartedChildren } from '../../src/machines/shared/persist-flow.js';

const machine = setup({
  types: { context: {} as { keep: string; secret?: string; count: number; other: string } },
  actors: { load: fromPromise(async () => 'loaded'), check: fromPromise(async () => 'checked') },
}).createMachine({
  id: 'tiny',
  context: { keep: 'kept', secret: 'TOTP-SECRET', count: 5, other: 'x' },
  initial: 'showing',
  states: {
    showing: {
      meta: { persist: { clear: ['secret'], reset: { count: 0 } } },
      on: { next: 'working', fetch: 'fetching', back: 'resuming', plain: 'labelled', nulled: 'nullMeta' },
    },
    working: {
      type: 'parallel',
      states: {
        a: { meta: { persist: { resumeAt: 'showing', reset: { count: 1 } } } },
        b: { meta: { persist: { clear: ['other'], reset: { other: 'reset' } } } },
      },
    },
    fetching: { meta: { persist: { resumeAt: 'loading', restart: true } }, invoke: { src: 'check' } },
    // Resumes at a state with requests but does not ask for them to be restarted.
    resuming: { meta: { persist: { resumeAt: 'loading' } }, invoke: { src: 'check' } },
    // Metas without `persist`: xstate keeps every meta that is not undefined, null included.
    labelled: { meta: { label: 'Plain step' }, on: { fetch: 'fetching' } },
    nullMeta: { meta: null as never },
    loading: {
      invoke: [
        { id: 'load', src: 'load', input: { page: 1 } },
        { id: 'fn', src: 'load', input: () => ({ page: 2 }) },
      ],
    },
    done: { type: 'final' },
  },
});

describe('persistFlow (security)', () => {
  it('drops the cleared keys and applies the reset, keeping every other key, without touching the live actor', () => {
    const actor = createActor(machine).start();
    const saved = persistFlow(actor) as unknown as { value: unknown; context: Record<string, unknown> };
    expect(saved.value).toBe('showing');
    expect(saved.context).toEqual({ keep: 'kept', count: 0, other: 'x' });
    expect(actor.getSnapshot().context).toEqual({ keep: 'kept', secret: 'TOTP-SECRET', count: 5, other: 'x' });
  });

  it('merges the metas of parallel states: resumeAt, clear and reset of each', () => {
    const actor = createActor(machine).start();
    actor.send({ type: 'next' });
    const saved = persistFlow(actor) as unknown as { value: unknown; context: Record<string, unknown> };
    expect(saved.value).toBe('showing');
    expect(saved.context).toEqual({ keep: 'kept', secret: 'TOTP-SECRET', count: 1, other: 'reset' });
  });

  it('restarts the requests of the resumed state: static input kept, input computed from context dropped', () => {
    const actor = createActor(machine).start();
    actor.send({ type: 'fetch' });
    const saved = persistFlow(actor) as unknown as { value: unknown; children: Record<string, unknown> };
    expect(saved.value).toBe('loading');
    expect(saved.children).toEqual({
      load: { snapshot: { status: 'active', output: undefined, error: undefined, input: { page: 1 } }, src: 'load', systemId: undefined, syncSnapshot: false },
      fn: { snapshot: { status: 'active', output: undefined, error: undefined, input: undefined }, src: 'load', systemId: undefined, syncSnapshot: false },
    });
  });

  it('returns the plain persisted snapshot of a stopped actor and of anything that is not a machine', () => {
    const actor = createActor(machine).start();
    actor.stop();
    expect(persistFlow(actor)).toEqual(actor.getPersistedSnapshot());
    const getMeta = () => ({ 'x.showing': { persist: { resumeAt: 'y' } } });
    for (const notMachine of [{ resolveState: () => ({}) }, { root: {} }, null, 'machine']) {
      const fake = { getSnapshot: () => ({ status: 'active', machine: notMachine, getMeta, value: 'showing', context: {} }), getPersistedSnapshot: () => ({ raw: true }) };
      expect(persistFlow(fake as never), JSON.stringify(notMachine)).toEqual({ raw: true });
    }
  });

  it('resumes without restarting the requests when the meta does not ask for it', () => {
    const actor = createActor(machine).start();
    actor.send({ type: 'back' });
    const saved = persistFlow(actor) as unknown as { value: unknown; children: Record<string, unknown> };
    expect(saved.value).toBe('loading');
    expect(saved.children).toEqual({});
  });

  it('treats a state whose meta has no persist entry (or is null) as settled', () => {
    for (const event of ['plain', 'nulled'] as const) {
      const actor = createActor(machine).start();
      actor.send({ type: event });
      expect(persistFlow(actor), event).toEqual(actor.getPersistedSnapshot());
    }
  });

  it('restartedChildren skips an invoke whose src is actor logic, not a name it could be restored by', () => {
    const logic = fromPromise(async () => 'x');
    const nodes = [{ invoke: [{ id: 'inline', src: logic, input: {} }, { id: 'named', src: 'load', input: { page: 3 }, systemId: 'sys' }] }];
    expect(restartedChildren(nodes as never)).toEqual({
      named: { snapshot: { status: 'active', output: undefined, error: undefined, input: { page: 3 } }, src: 'load', systemId: 'sys', syncSnapshot: false },
    });
  });
});
