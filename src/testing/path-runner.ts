import type { Actor, AnyStateMachine, EventFromLogic } from 'xstate';
import { activeStateNodes, eventName, stateName } from './flow-graph.js';
import type { FlowEvent, FlowSnapshot } from './flow-graph.js';
import type { FlowPath, FlowStep } from './flow-paths.js';
import type { TransitionCoverage } from './transition-coverage.js';

/** What the path runner asks of a test: how to make the real world produce each event. */
export interface FlowScenario<TMachine extends AnyStateMachine, TWorld> {
  /** A fresh world for one path (an emulator, an inbox, a clock…). */
  setup(path: FlowPath<TMachine>): TWorld | Promise<TWorld>;
  /** The real machine, with real actors, as a created but not yet started actor. */
  createActor(world: TWorld, path: FlowPath<TMachine>): Actor<TMachine>;
  /**
   * Makes the server answer the next request with `outcome` (an `xstate.done.actor.*` or
   * `xstate.error.actor.*` sample), e.g. by injecting a fault. Called before the step whose
   * state sends that request. Success usually needs nothing.
   */
  arrange?(outcome: FlowEvent<TMachine>, world: TWorld, actor: Actor<TMachine>): void | Promise<void>;
  /**
   * Keeps the requests of the invoked actors `ids` unanswered: the path leaves their state by a
   * user or timer event while the request is in flight (`flow.cancel` while busy).
   */
  hold?(ids: string[], world: TWorld, actor: Actor<TMachine>): void | Promise<void>;
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
  /**
   * A property every real snapshot must have (e.g. "the secret is in context only while it is
   * shown"); return a description of the violation, or `undefined`.
   */
  invariant?(snapshot: FlowSnapshot<TMachine>, world: TWorld): string | undefined;
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

function invokedIds(snapshot: unknown): string[] {
  return activeStateNodes(snapshot).flatMap((node) => node.invoke.map((definition) => definition.id));
}

function sameValue(actual: { value: unknown }, expected: { value: unknown }): boolean {
  return JSON.stringify(actual.value) === JSON.stringify(expected.value);
}

function describeActual(key: string, snapshot: { status: string; context: unknown }): string {
  const error = (snapshot.context as { error?: unknown } | undefined)?.error;
  return `${key} (status ${snapshot.status}${error === undefined || error === null ? '' : `, error ${JSON.stringify(error)}`})`;
}

interface Emitted<TSnapshot> {
  snapshot: TSnapshot;
  /** What the invariant said when the snapshot was emitted (the UI may have moved on since). */
  violation: string | undefined;
}

interface SnapshotQueue<TSnapshot> {
  /** The next snapshot the actor emitted, waiting up to `timeoutMs` for it. */
  next(timeoutMs: number): Promise<Emitted<TSnapshot>>;
  close(): void;
}

// Snapshots are queued as they are emitted: an in-process server may answer before the runner looks.
function snapshotQueue<TMachine extends AnyStateMachine>(
  actor: Actor<TMachine>,
  invariant: (snapshot: FlowSnapshot<TMachine>) => string | undefined,
): SnapshotQueue<FlowSnapshot<TMachine>> {
  const queue: Array<Emitted<FlowSnapshot<TMachine>>> = [];
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const subscription = actor.subscribe({
    next: (snapshot) => {
      queue.push({ snapshot: snapshot as FlowSnapshot<TMachine>, violation: invariant(snapshot as FlowSnapshot<TMachine>) });
      wake?.();
    },
    error: (error) => {
      failure = { error };
      wake?.();
    },
  });
  return {
    async next(timeoutMs) {
      for (;;) {
        const emitted = queue.shift();
        if (emitted !== undefined) return emitted;
        if (failure !== undefined) throw failure.error;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no snapshot within ${timeoutMs} ms`)), timeoutMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    close: () => subscription.unsubscribe(),
  };
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
  const actor = scenario.createActor(world, path);
  const project = path.graph.options.project;
  const matches =
    scenario.matches ??
    ((actual: FlowSnapshot<TMachine>, step: FlowStep<TMachine>) =>
      sameValue(actual as { value: unknown }, step.state as { value: unknown }) &&
      (project === undefined || JSON.stringify(project(actual)) === JSON.stringify(project(step.state))));
  // Before step `from - 1` is performed (or the actor starts): arrange the outcomes that follow
  // it, and hold the requests of a state the user then leaves by an event of their own.
  const arrangeFollowing = async (from: number): Promise<void> => {
    let j = from;
    for (let step = path.steps[j]; step !== undefined && isActorOutcome(step.event); step = path.steps[++j]) {
      await scenario.arrange?.(step.event, world, actor);
    }
    const leaving = path.steps[j];
    const state = j === 0 ? path.graph.states.get(path.graph.initial) : path.steps[j - 1]?.state;
    if (leaving === undefined || state === undefined) return;
    const invoked = invokedIds(state);
    if (invoked.length > 0) await scenario.hold?.(invoked, world, actor);
  };
  const emitted = snapshotQueue(actor, (snapshot) => scenario.invariant?.(snapshot, world));
  const timeoutMs = options.timeoutMs ?? 5000;
  const fail = (i: number, step: FlowStep<TMachine>, actual: FlowSnapshot<TMachine> | undefined, cause?: unknown): Error => {
    const expectedKey = project === undefined ? stateName((step.state as { value: unknown }).value) : step.edge.to;
    const actualText =
      actual === undefined
        ? `no new state within ${timeoutMs} ms`
        : describeActual(project === undefined ? stateName((actual as { value: unknown }).value) : path.graph.keyOf(actual), actual as { status: string; context: unknown });
    return new Error(`${path.description}\n  step ${i + 1} (${eventName(step.event)}): expected ${expectedKey}, actual ${actualText}`, { cause });
  };
  try {
    await arrangeFollowing(0);
    actor.start();
    const initial = await emitted.next(timeoutMs);
    if (initial.violation !== undefined) throw new Error(`${path.description}\n  at the start: ${initial.violation}`);
    if (path.steps.length === 0) {
      if (!sameValue(initial.snapshot as { value: unknown }, path.state as { value: unknown })) {
        throw new Error(`${path.description}\n  at the start: expected ${stateName((path.state as { value: unknown }).value)}, actual ${stateName((initial.snapshot as { value: unknown }).value)}`);
      }
    }
    options.coverage?.coverStart(path.graph);
    for (const [i, step] of path.steps.entries()) {
      const next = path.steps[i + 1];
      if (!isActorOutcome(step.event)) {
        await arrangeFollowing(i + 1);
        if (scenario.perform) await scenario.perform(step, world, actor, next);
        else actor.send(step.event as EventFromLogic<TMachine>);
      }
      // Every handled event yields exactly one new snapshot: the next one must be the step's state.
      const { snapshot: actual, violation } = await emitted.next(timeoutMs).catch((cause: unknown) => Promise.reject(fail(i, step, undefined, cause)));
      if (!matches(actual, step, world)) throw fail(i, step, actual);
      if (violation !== undefined) throw new Error(`${path.description}\n  step ${i + 1} (${eventName(step.event)}): ${violation}`);
      options.coverage?.cover(step.edge);
    }
  } finally {
    emitted.close();
    actor.stop();
    await scenario.teardown?.(world);
  }
}
