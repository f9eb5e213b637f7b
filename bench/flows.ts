/**
 * What running a flow as a machine costs, in one run:
 *  1. heap bytes per live flow actor, with ACTORS (10,000) sign-up actors started and idle at
 *     their first state (machines from createSaasusFlows over the in-process emulator);
 *  2. the time to run sign-up to its awaiting state (`email.submit` -> `signUp` ->
 *     awaitingConfirmation) through the machine, against a hand-written async function making
 *     the same call against the same in-process emulator (with and without the AbortSignal the
 *     machine passes), and against a bare XState machine (no project code: `setup`,
 *     `fromPromise`, the same call, the same states to reach) to tell XState's cost from ours,
 *     and against that bare machine with a promise making no call (XState's lifecycle alone).
 *     The variants take turns run by run (the first one rotating), so load from anything else hits all alike; the
 *     emulator is reset every 50 rounds. Each figure is the median of its runs; the goals are
 *     judged on the median of ROUNDS per-round ratios.
 *
 *   npm run bench:flows                   # node --expose-gc --import tsx bench/flows.ts
 *   ACTORS=20000 RUNS=5000 npm run bench:flows
 */
import { assign, createActor, fromPromise, setup } from 'xstate';
import type { AnyActorRef } from 'xstate';
import { createSaasusFlows } from '../src/services/index.js';
import { createEmulatorWorld } from '../src/testing/index.js';

const ACTORS = Number(process.env['ACTORS'] ?? 10_000);
const RUNS = Number(process.env['RUNS'] ?? 2_000);
const WARMUP = 300;
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const GOAL_RATIO = 1.3;
const GOAL_HEAP_KIB = 8;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench:flows)');

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

const world = createEmulatorWorld();
const flows = createSaasusFlows(world.api, world.flowOptions);

// 1. Memory: ACTORS live actors, each started and waiting for its user.
const before = heapUsed();
let actors: AnyActorRef[] = [];
for (let i = 0; i < ACTORS; i++) actors.push(createActor(flows.signUpMachine, { clock: world.clock, input: {} }).start());
const after = heapUsed();
const bytesPerActor = (after - before) / ACTORS;
for (const actor of actors) actor.stop();
actors = [];

// 2. Time: the same sign-up through the machine and by hand.
let address = 0;
const nextEmail = () => `bench+${++address}@example.com`;

function viaMachine(): Promise<void> {
  return new Promise((resolve, reject) => {
    const actor = createActor(flows.signUpMachine, { clock: world.clock, input: {} });
    actor.subscribe({
      next: (snapshot) => {
        if (snapshot.matches('awaitingConfirmation')) {
          actor.stop();
          resolve();
        } else if (snapshot.hasTag('error')) reject(new Error(JSON.stringify(snapshot.context.error)));
      },
      error: reject,
    });
    actor.start();
    actor.send({ type: 'email.submit', email: nextEmail() });
  });
}

async function byHand(signal?: AbortSignal): Promise<{ userId: string; sentAt: number }> {
  const user = await world.api.signUp({ email: nextEmail() }, signal === undefined ? {} : { signal });
  return { userId: user.id, sentAt: world.clock.now() };
}

/**
 * The same sign-up as a bare XState machine: input an address, invoke the call through
 * `fromPromise` with the actor's signal, land in a waiting state with a cooldown timer armed.
 * No project code but the api call itself.
 */
const bareMachine = setup({
  types: {} as { context: { email: string; sentAt: number | undefined }; events: { type: 'email.submit'; email: string } },
  actors: {
    signUp: fromPromise<{ sentAt: number }, { email: string }>(async ({ input, signal }) => {
      await world.api.signUp({ email: input.email }, { signal });
      return { sentAt: world.clock.now() };
    }),
  },
  delays: { cooldown: 60_000 },
}).createMachine({
  context: { email: '', sentAt: undefined },
  initial: 'enteringEmail',
  states: {
    enteringEmail: { on: { 'email.submit': { target: 'signingUp', actions: assign({ email: ({ event }) => event.email.trim() }) } } },
    signingUp: {
      tags: ['busy'],
      invoke: {
        src: 'signUp',
        input: ({ context }) => ({ email: context.email }),
        onDone: { target: 'awaitingConfirmation', actions: assign({ sentAt: ({ event }) => event.output.sentAt }) },
        onError: 'failed',
      },
    },
    awaitingConfirmation: { after: { cooldown: 'enteringEmail' } },
    failed: { tags: ['error'] },
  },
});

/** The bare machine with a promise that makes no call: what XState's own lifecycle costs. */
const bareMachineNoCall = bareMachine.provide({ actors: { signUp: fromPromise(async () => ({ sentAt: world.clock.now() })) } });

function viaBareMachine(machine: typeof bareMachine = bareMachine): Promise<void> {
  return new Promise((resolve, reject) => {
    const actor = createActor(machine, { clock: world.clock });
    actor.subscribe({
      next: (snapshot) => {
        if (snapshot.matches('awaitingConfirmation')) {
          actor.stop();
          resolve();
        } else if (snapshot.hasTag('error')) reject(new Error('bare machine failed'));
      },
      error: reject,
    });
    actor.start();
    actor.send({ type: 'email.submit', email: nextEmail() });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;
// The machine hands its actor's AbortSignal to the client; the third variant does the same by hand.
const variants: Array<[string, () => Promise<unknown>]> = [
  ['hand-written async function', () => byHand()],
  ['  same, passing an AbortSignal', () => byHand(new AbortController().signal)],
  ['signUpMachine actor', viaMachine],
  ['bare XState machine, same call', () => viaBareMachine()],
  ['bare XState machine, no call', () => viaBareMachine(bareMachineNoCall)],
];
for (let i = 0; i < WARMUP; i++) for (const [, run] of variants) await run();
const times = variants.map((): number[] => []);
for (let i = 0; i < RUNS; i++) {
  // Keeps the emulator's user table small, so later runs do not pay for earlier ones.
  if (i % 50 === 0) world.emulator.control.reset();
  // The starting variant rotates run by run, so no variant always runs right after the same one
  // (or first after an emulator reset): each takes each position equally often.
  for (let k = 0; k < variants.length; k++) {
    const v = (i + k) % variants.length;
    const run = variants[v]?.[1];
    if (run === undefined) continue;
    const start = performance.now();
    await run();
    times[v]?.push((performance.now() - start) * 1000);
  }
}
const [hand = Number.NaN, handWithSignal = Number.NaN, machine = Number.NaN, bare = Number.NaN, bareNoCall = Number.NaN] = times.map(median);
const perRound = (v: number) => Array.from({ length: ROUNDS }, (_, r) => median((times[v] ?? []).filter((_, i) => i % ROUNDS === r)));
const roundRatios = perRound(2).map((m, r) => m / (perRound(0)[r] ?? Number.NaN));

console.log(`flows bench — Node ${process.version}, ${process.arch}`);
console.log(`memory: ${ACTORS} live signUp actors: ${(bytesPerActor / 1024).toFixed(2)} KiB heap per actor (${Math.round(bytesPerActor)} bytes)`);
console.log(`sign-up to awaitingConfirmation, median of ${RUNS} interleaved runs on the in-process emulator:`);
for (const [v, [name]] of variants.entries()) console.log(`  ${name.padEnd(32)} ${median(times[v] ?? []).toFixed(1).padStart(8)} µs`);
console.log(`  ratio machine / hand-written     ${(machine / hand).toFixed(2).padStart(8)} x  (${(machine - hand).toFixed(1)} µs per run)`);
console.log(`  ratio machine / hand + signal    ${(machine / handWithSignal).toFixed(2).padStart(8)} x`);
console.log(`  ratio bare XState / hand-written ${(bare / hand).toFixed(2).padStart(8)} x  (${(bare - hand).toFixed(1)} µs per run: XState's own cost)`);
console.log(`  XState alone (no call) / hand   ${(bareNoCall / hand).toFixed(2).padStart(8)} x  (${bareNoCall.toFixed(1)} µs: create, start, invoke, timer, stop; the floor any XState flow pays)`);
console.log(`  ratio machine / bare XState      ${(machine / bare).toFixed(2).padStart(8)} x  (${(machine - bare).toFixed(1)} µs per run: the project's machine and services)`);
console.log(`  machine / hand-written per round: ${roundRatios.map((r) => r.toFixed(2)).join(', ')}`);
const ratio = median(roundRatios);
const kib = bytesPerActor / 1024;
console.log(`goal machine-vs-hand: ${ratio.toFixed(2)}x (<= ${GOAL_RATIO}) ${ratio <= GOAL_RATIO ? 'met' : 'missed'}`);
console.log(`goal heap-per-actor: ${kib.toFixed(2)} KiB (<= ${GOAL_HEAP_KIB}) ${kib <= GOAL_HEAP_KIB ? 'met' : 'missed'}`);
