import { assign, fromPromise, setup } from 'xstate';

/** A small code-entry flow with a server check, a retry limit and a cooldown, to test the kit on. */
export const tinyMachine = setup({
  types: {
    context: {} as { attempts: number; code: string },
    events: {} as { type: 'code.submit'; code: string } | { type: 'flow.cancel' },
  },
  actors: {
    check: fromPromise<string, { code: string }>(async () => 'ok'),
  },
  guards: {
    hasNoAttemptsLeft: ({ context }) => context.attempts >= 1,
  },
  delays: { cooldown: 60_000 },
}).createMachine({
  id: 'tiny',
  initial: 'entering',
  context: { attempts: 0, code: '' },
  states: {
    entering: {
      on: {
        'code.submit': { target: 'checking', actions: assign({ code: ({ event }) => event.code }) },
        'flow.cancel': 'cancelled',
      },
    },
    checking: {
      tags: ['busy'],
      invoke: {
        id: 'check',
        src: 'check',
        input: ({ context }) => ({ code: context.code }),
        onDone: 'accepted',
        onError: [
          { guard: 'hasNoAttemptsLeft', target: 'locked' },
          { target: 'entering', actions: assign({ attempts: ({ context }) => context.attempts + 1 }) },
        ],
      },
    },
    locked: {
      after: { cooldown: { target: 'entering', actions: assign({ attempts: 0 }) } },
      on: { 'flow.cancel': 'cancelled' },
    },
    accepted: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

/** Sample events for {@link tinyMachine}. */
export const tinyEvents = [
  { type: 'code.submit', code: '123456' },
  { type: 'flow.cancel' },
  { type: 'xstate.done.actor.check', output: 'ok' },
  { type: 'xstate.error.actor.check', error: { type: 'code_mismatch' } },
] as const;
