import { describe, expect, it } from 'vitest';
import { and, assign, fromPromise, not, setup } from 'xstate';
import { toMermaid } from '../../scripts/diagrams/to-mermaid.js';

const door = setup({
  types: {} as { context: { tries: number }; events: { type: 'door.open' } | { type: 'door.close' } | { type: 'flow.cancel' } | { type: 'knock' } },
  actors: { unlock: fromPromise(async () => 'ok') },
  guards: { isLocked: () => false, isHome: () => true },
  delays: { autoClose: 1000 },
}).createMachine({
  id: 'door',
  context: { tries: 0 },
  initial: 'closed',
  on: { 'flow.cancel': '.gone' },
  states: {
    closed: {
      on: {
        'door.open': [{ guard: and(['isHome', not('isLocked')]), target: 'opening' }, { target: 'closed' }],
        knock: { actions: assign({ tries: ({ context }) => context.tries + 1 }) },
      },
    },
    opening: {
      tags: ['busy'],
      invoke: { id: 'unlock', src: 'unlock', onDone: 'open', onError: 'closed' },
    },
    open: {
      initial: 'wide',
      after: { autoClose: 'closed' },
      states: { wide: { on: { 'door.close': 'ajar' } }, ajar: { always: '#door.closed' } },
    },
    gone: { type: 'final' },
  },
});

describe('toMermaid', () => {
  const text = toMermaid(door);
  const lines = text.trimEnd().split('\n');

  it('starts a stateDiagram-v2 with the initial state', () => {
    expect(lines.slice(0, 2)).toEqual(['stateDiagram-v2', '  [*] --> closed']);
  });

  it('labels event transitions with their event and a readable guard', () => {
    expect(lines).toContain('  closed --> opening : door.open [isHome && !isLocked]');
    expect(lines).toContain('  closed --> closed : door.open');
  });

  it('draws a targetless transition as a self-loop', () => {
    expect(lines).toContain('  closed --> closed : knock');
  });

  it('draws invoke onDone and onError and lists the invoked actor and tags', () => {
    expect(lines).toContain('  opening --> open : done: unlock');
    expect(lines).toContain('  opening --> closed : error: unlock');
    expect(lines).toContain('  opening : invoke unlock');
    expect(lines).toContain('  opening : tags busy');
  });

  it('nests compound states with unique ids and their own initial state', () => {
    const block = text.slice(text.indexOf('state open {'), text.indexOf('}', text.indexOf('state open {')));
    expect(block).toContain('[*] --> open_wide');
    expect(lines).toContain('    state "wide" as open_wide');
  });

  it('draws delayed and eventless transitions', () => {
    expect(lines).toContain('  open --> closed : after autoClose');
    expect(lines).toContain('  open_ajar --> closed : always');
    expect(lines).toContain('  open_wide --> open_ajar : door.close');
  });

  it('draws a root transition from every top-level state that is not final', () => {
    for (const from of ['closed', 'opening', 'open']) expect(lines).toContain(`  ${from} --> gone : flow.cancel`);
    expect(lines.some((line) => line.startsWith('  gone -->') && line.includes('flow.cancel'))).toBe(false);
    expect(lines).toContain('  gone --> [*]');
  });

  it('is deterministic', () => {
    expect(toMermaid(door)).toBe(text);
  });
});
