import { createActor } from 'xstate';
import type { Actor, AnyStateMachine, InputFrom } from 'xstate';
import { isApiError } from '../api/errors.js';
import { RETRIED_STATUSES } from '../api/fetch-error.js';
import { operations } from '../api/operations.js';
import type { FaultTarget } from '../emulator/index.js';
import { createEmulatorWorld } from './emulator-world.js';
import type { EmulatorWorld, EmulatorWorldOptions } from './emulator-world.js';
import type { FlowEvent, FlowSnapshot } from './flow-graph.js';
import type { FlowPath, FlowStep } from './flow-paths.js';
import type { FlowScenario } from './path-runner.js';

/** A step's handler returns `true` when it handled the step, anything else for the default. */
type Handled = boolean | void;

/** What a model test of one machine on the emulator supplies; everything else has defaults. */
export interface EmulatorScenarioOptions<TMachine extends AnyStateMachine> {
  /** The real machine with real actors, e.g. `createSaasusFlows(world.api, world.flowOptions).signUpMachine`. */
  machine(world: EmulatorWorld): TMachine;
  /** The machine's real input for a path (the path's model input is `path.graph.options.input`). */
  input?(world: EmulatorWorld, path: FlowPath<TMachine>): InputFrom<TMachine>;
  /** Seeds the world before the actor starts (a signed-in user, a registration token…). */
  prepare?(world: EmulatorWorld, path: FlowPath<TMachine>): void | Promise<void>;
  /**
   * Makes the emulator answer with `outcome`. Default: nothing for `xstate.done.actor.*`; for
   * `xstate.error.actor.<op>` with a {@link serverError}, a one-shot fault on `<op>`.
   */
  arrange?(outcome: FlowEvent<TMachine>, world: EmulatorWorld, actor: Actor<TMachine>): Handled | Promise<Handled>;
  /**
   * Produces a user or timer event for real. Default: delays fire by moving the clock to the
   * next timer; other events are sent as sampled.
   */
  perform?(step: FlowStep<TMachine>, world: EmulatorWorld, actor: Actor<TMachine>, next: FlowStep<TMachine> | undefined): Handled | Promise<Handled>;
  /**
   * The emulator operation behind an invoked actor whose id is not an operation name, for
   * faults and held requests (e.g. `{ confirmSignUp: 'getAuthCredentials' }`).
   */
  operations?: Record<string, FaultTarget>;
  /**
   * Called with the actor before it starts: mount the UI under test on it here (a component
   * test renders the flow from this actor).
   */
  mount?(actor: Actor<TMachine>, world: EmulatorWorld, path: FlowPath<TMachine>): void;
  /**
   * Checked on every real snapshot, e.g. that the UI shows the screen of the state; return a
   * description of what is wrong, or `undefined`.
   */
  invariant?(snapshot: FlowSnapshot<TMachine>, world: EmulatorWorld): string | undefined;
  world?: EmulatorWorldOptions;
}

/** How long a held request waits (wall clock); it is aborted long before, when the state is left. */
const HOLD_MS = 60_000;

function isRead(operation: string): boolean {
  return Object.hasOwn(operations, operation) && operations[operation as keyof typeof operations].method === 'GET';
}

/** The operation behind an outcome event: the invoke id, which equals the operation's name. */
export function outcomeOperation(event: { type: string }): string {
  return event.type.replace(/^xstate\.(done|error)\.actor\./, '');
}

/**
 * A {@link FlowScenario} over a fresh in-process emulator per path: server failures by fault
 * injection, delays by the shared clock, user events as sampled unless the test realises them
 * (the mailed code, the authenticator's code, a wrong code).
 */
export function emulatorScenario<TMachine extends AnyStateMachine>(options: EmulatorScenarioOptions<TMachine>): FlowScenario<TMachine, EmulatorWorld> {
  const operationOf = (id: string): FaultTarget => options.operations?.[id] ?? (id as FaultTarget);
  return {
    async setup(path) {
      const world = createEmulatorWorld(options.world);
      await options.prepare?.(world, path);
      return world;
    },
    createActor(world, path) {
      const input = options.input?.(world, path);
      const actor = createActor(options.machine(world), { clock: world.clock, ...(input === undefined ? {} : { input }) }) as Actor<TMachine>;
      options.mount?.(actor, world, path);
      return actor;
    },
    async arrange(outcome, world, actor) {
      if ((await options.arrange?.(outcome, world, actor)) === true) return;
      const { type, error } = outcome as { type: string; error?: unknown };
      if (!type.startsWith('xstate.error.actor.')) return;
      if (!isApiError(error)) throw new Error(`emulatorScenario: give ${type} a serverError(…) sample or arrange it`);
      const operation = operationOf(outcomeOperation({ type }));
      // The client retries failed reads: the fault must outlast its retries, and no more.
      const retried = isRead(operation) && RETRIED_STATUSES.has(error.status);
      world.emulator.control.injectFault(operation, { status: error.status, type: error.type, message: error.message, times: retried ? 1 + world.retryLimit : 1 });
    },
    ...(options.invariant === undefined ? {} : { invariant: options.invariant }),
    hold(ids, world) {
      for (const id of ids) world.emulator.control.injectFault(operationOf(id), { latencyMs: HOLD_MS, times: 1 });
    },
    async perform(step, world, actor, next) {
      if ((await options.perform?.(step, world, actor, next)) === true) return;
      const { type } = step.event as { type: string };
      if (type.startsWith('xstate.after.')) {
        if (!world.clock.runNextTimer()) throw new Error(`emulatorScenario: ${type} but no delay is pending`);
        return;
      }
      actor.send(step.event as Parameters<Actor<TMachine>['send']>[0]);
    },
  };
}
