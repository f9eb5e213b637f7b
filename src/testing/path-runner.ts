import { waitFor } from 'xstate';
import type { Actor, AnyStateMachine, EventFromLogic } from 'xstate';
import { eventName, stateName } from './flow-graph.js';
import type { FlowEvent, FlowSnapshot } from './flow-graph.js';
import type { FlowPath, FlowStep } from './flow-paths.js';
import type { TransitionCoverage } from './transition-coverage.js';

/** What the path runner asks of a test: how to make the real world produce each event. */
export interface FlowScenario<TMachine extends AnyStateMachine, TWorld> {
  /** A fresh world for one path (an emulator, an inbox, a clock…). */
  setup(path: FlowPath<TMachine>): TWorld | Promise<TWorld>;
  /** The real machine, with real actors, as a created but not yet started actor. */
  createActor(world: TWorld): Actor<TMachine>;
  /**
   * Makes the server answer the next request with `outcome` (an `xstate.done.actor.*` or
   * `xstate.error.actor.*` sample), e.g. by injecting a fault. Called before the step whose
   * state sends that request. Success usually needs nothing.
   */
  arrange?(outcome: FlowEvent<TMachine>, world: TWorld, actor: Actor<TMachine>): void | Promise<void>;
  /**
   * Produces a user or timer event for real: send it with real data (the mailed code, the
   * authenticator's code), or move the clocks. Default: `actor.send(step.event)` (a delay
   * event sent this way fires the delayed transition at once).
   * `next` is the following step, to choose e.g. a wrong code when an error follows.
   */
  perform?(step: FlowStep<TMachine>, world: TWorld, actor: Actor<TMachine>, next: FlowStep<TMachine> | undefined): void | Promise<void>;
  /**
   * Whether the real snapshot is the state the step expects. Default: equal state values and,
   * when the graph was built with `project`, equal projections of the context.
   */
  matches?(actual: FlowSnapshot<TMachine>, step: FlowStep<TMachine>, world: TWorld): boolean;
  /** Called after the path, also when it failed. */
  teardown?(world: TWorld): void | Promise<void>;
}

/** Options of {@link runFlowPath}. */
export interface RunFlowPathOptions {
  /** Counts each step whose state was confirmed on the real actor. */
  coverage?: TransitionCoverage;
  /** How long to wait for the real actor to reach a step's state; 5000 ms by default. */
  timeoutMs?: number;
}

/** True for the events by which an invoked actor reports its outcome. */
export function isActorOutcome(event: { type: string }): boolean {
  return event.type.startsWith('xstate.done.actor.') || event.type.startsWith('xstate.error.actor.');
}

function sameValue(actual: { value: unknown }, expected: { value: unknown }): boolean {
  return JSON.stringify(actual.value) === JSON.stringify(expected.value);
}

function describeActual(key: string, snapshot: { status: string; context: unknown }): string {
  const error = (snapshot.context as { error?: unknown } | undefined)?.error;
  return `${key} (status ${snapshot.status}${error === undefined || error === null ? '' : `, error ${JSON.stringify(error)}`})`;
}

/**
 * Executes one generated path against the real machine: arranges each server outcome before
 * the request is sent, performs each user or timer event, and checks after every step that the
 * real actor is in the state the path expects.
 */
export async function runFlowPath<TMachine extends AnyStateMachine, TWorld>(
  path: FlowPath<TMachine>,
  scenario: FlowScenario<TMachine, TWorld>,
  options: RunFlowPathOptions = {},
): Promise<void> {
  const world = await scenario.setup(path);
  const actor = scenario.createActor(world);
  const project = path.graph.options.project;
  const matches =
    scenario.matches ??
    ((actual: FlowSnapshot<TMachine>, step: FlowStep<TMachine>) =>
      sameValue(actual as { value: unknown }, step.state as { value: unknown }) &&
      (project === undefined || JSON.stringify(project(actual)) === JSON.stringify(project(step.state))));
  const arrangeFollowing = async (from: number): Promise<void> => {
    for (let j = from; j < path.steps.length; j++) {
      const step = path.steps[j];
      if (step === undefined || !isActorOutcome(step.event)) break;
      await scenario.arrange?.(step.event, world, actor);
    }
  };
  try {
    await arrangeFollowing(0);
    actor.start();
    let seen: unknown = actor.getSnapshot();
    for (const [i, step] of path.steps.entries()) {
      const next = path.steps[i + 1];
      if (!isActorOutcome(step.event)) {
        await arrangeFollowing(i + 1);
        if (scenario.perform) await scenario.perform(step, world, actor, next);
        else actor.send(step.event as EventFromLogic<TMachine>);
      }
      const previous = seen;
      try {
        seen = await waitFor(actor, (snapshot) => snapshot !== previous && matches(snapshot, step, world), { timeout: options.timeoutMs ?? 5000 });
      } catch (cause) {
        const actual = actor.getSnapshot();
        const actualKey = project === undefined ? stateName((actual as { value: unknown }).value) : path.graph.keyOf(actual);
        const expectedKey = project === undefined ? stateName((step.state as { value: unknown }).value) : step.edge.to;
        throw new Error(`${path.description}\n  step ${i + 1} (${eventName(step.event)}): expected ${expectedKey}, actual ${describeActual(actualKey, actual as { status: string; context: unknown })}`, {
          cause,
        });
      }
      options.coverage?.cover(step.edge);
    }
  } finally {
    actor.stop();
    await scenario.teardown?.(world);
  }
}
