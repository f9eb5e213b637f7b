import { createActor, SimulatedClock, type AnyActorLogic, type AnyStateMachine, type Snapshot } from 'xstate';
import {
  awsMarketplaceSignUpMachine,
  emailUpdateMachine,
  externalUserLinkMachine,
  mfaSetupMachine,
  signUpMachine,
} from '../../../src/machines/index.js';
import { resendCooldownDelay } from '../../../src/machines/shared/deadlines.js';
import { flowGraph, flowPaths, type FlowEvent, type FlowGraphOptions, type FlowSnapshot } from '../../../src/testing/index.js';
import { guardedContext } from '../../model/support/model-suite.js';
import { sampleEvents, sampleTenant } from '../../model/support/sample-events.js';
import { controlledActor, type ControlledActor } from './controlled-actor.js';

/*
 * Every flow machine with the sample events that reach each of its states (the model-based
 * suites' own, test/model/support/sample-events.ts), an input, and a starter that provides every actor as a recording
 * `controlledActor`, so a test sees each request the machine sends.
 */

/** The simulated clock's time at the start (epoch ms). */
const T0 = 1_700_000_000_000;

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

const sample = sampleEvents(T0);

/** The five flows. */
export const flowModels: readonly FlowModel[] = [
  {
    name: 'signUp',
    machine: signUpMachine,
    input: { resendCooldownMs: 60_000 },
    events: sample.signUp,
  },
  {
    name: 'emailUpdate',
    machine: emailUpdateMachine,
    input: {},
    events: sample.emailUpdate,
  },
  {
    name: 'externalUserLink',
    machine: externalUserLinkMachine,
    input: {},
    events: sample.externalUserLink,
  },
  {
    name: 'mfaSetup',
    machine: mfaSetupMachine,
    input: { accountName: 'ann@example.com' },
    events: [{ type: 'enrollment.start' }, ...sample.mfaSetup],
  },
  ...[{ tenants: [sampleTenant] }, {}].map((extra) => ({
    name: extra.tenants ? 'awsMarketplaceSignUp (customer)' : 'awsMarketplaceSignUp (new buyer)',
    machine: awsMarketplaceSignUpMachine,
    input: { registrationToken: 'reg-token-1', ...extra },
    events: sample.awsMarketplaceSignUp,
  })),
];

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
