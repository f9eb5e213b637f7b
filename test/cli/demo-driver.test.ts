import { createActor, fromPromise, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { drive } from '../../src/cli/demo-driver.js';

const machine = setup({
  types: { events: {} as { type: 'go' } | { type: 'noop' }, tags: {} as 'busy' | 'error' },
  actors: { work: fromPromise(async () => 'ok') },
}).createMachine({
  id: 'toy',
  initial: 'waiting',
  states: {
    waiting: { on: { go: 'working' } },
    working: { tags: ['busy'], invoke: { src: 'work', onDone: 'done' } },
    done: { type: 'final' },
  },
});

describe('drive', () => {
  it('asks for an event while the machine waits, reports changes and busy periods, and resolves at the end', async () => {
    const changes: string[] = [];
    const busy: boolean[] = [];
    const asked: string[] = [];
    const final = await drive(createActor(machine), {
      decide: async (snapshot) => {
        asked.push(String(snapshot.value));
        return { type: 'go' };
      },
      onChange: (from, to) => changes.push(`${from ?? '-'} → ${to}`),
      onBusy: (value) => busy.push(value),
    });
    expect(final.status).toBe('done');
    expect(asked).toEqual(['waiting']);
    expect(changes).toEqual(['- → waiting', 'waiting → working', 'working → done']);
    expect(busy).toEqual([true, false]);
  });

  it('gives up when the machine keeps ignoring the chosen event', async () => {
    let asked = 0;
    const driven = drive(createActor(machine), {
      decide: async () => {
        asked++;
        return { type: 'noop' };
      },
    });
    await expect(driven).rejects.toThrow(/keeps ignoring "noop" in waiting/);
    expect(asked).toBe(4);
  });

  it('rejects with what decide throws', async () => {
    await expect(drive(createActor(machine), { decide: () => Promise.reject(new Error('no answer')) })).rejects.toThrow('no answer');
  });
});
