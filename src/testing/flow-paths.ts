import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import type { StatePath } from 'xstate/graph';
import type { ActorLogic, AnyStateMachine, InputFrom } from 'xstate';
import { eventName, flowGraph, stateName } from './flow-graph.js';
import type { FlowEdge, FlowEvent, FlowGraph, FlowGraphOptions, FlowSnapshot } from './flow-graph.js';

/**
 * Which paths to generate: `shortest` (one shortest path to every state), `simple` (every
 * path that visits no state twice) or `transitions` (a shortest path through every transition).
 * Paths that are the start of another generated path are dropped.
 */
export type FlowPathStrategy = 'shortest' | 'simple' | 'transitions';

/** One step of a path: the event, and the state the machine is in afterwards. */
export interface FlowStep<TMachine extends AnyStateMachine> {
  event: FlowEvent<TMachine>;
  /** The model's snapshot after the event (its context holds the sample data). */
  state: FlowSnapshot<TMachine>;
  /** The transition taken. */
  edge: FlowEdge<TMachine>;
}

/** A sequence of events from the initial state, with the state expected after each. */
export interface FlowPath<TMachine extends AnyStateMachine> {
  /** `enteringEmail → email.submit → signingUp → …` */
  description: string;
  steps: FlowStep<TMachine>[];
  /** The snapshot the path ends in. */
  state: FlowSnapshot<TMachine>;
  /** The graph the path was generated from. */
  graph: FlowGraph<TMachine>;
}

/** Options of {@link flowPaths}: the graph options plus the strategy. */
export interface FlowPathOptions<TMachine extends AnyStateMachine> extends FlowGraphOptions<TMachine> {
  strategy?: FlowPathStrategy;
}

type XPath<TMachine extends AnyStateMachine> = StatePath<FlowSnapshot<TMachine>, FlowEvent<TMachine>>;

function toFlowPath<TMachine extends AnyStateMachine>(graph: FlowGraph<TMachine>, path: XPath<TMachine>): FlowPath<TMachine> {
  const steps: FlowStep<TMachine>[] = [];
  // xstate/graph puts an `xstate.init` step first; every later step holds its event and the state after it.
  for (let i = 1; i < path.steps.length; i++) {
    const before = path.steps[i - 1];
    const step = path.steps[i];
    if (before === undefined || step === undefined) continue;
    const edge = graph.edgeOf(graph.keyOf(before.state), step.event);
    if (edge === undefined) throw new Error(`flowPaths: no edge for ${eventName(step.event)} from ${graph.keyOf(before.state)}`);
    steps.push({ event: step.event, state: step.state, edge });
  }
  return { description: describePath(graph, steps), steps, state: path.state, graph };
}

function describePath<TMachine extends AnyStateMachine>(graph: FlowGraph<TMachine>, steps: FlowStep<TMachine>[]): string {
  const first = graph.states.get(graph.initial);
  const parts = [stateName((first as { value?: unknown } | undefined)?.value)];
  for (const step of steps) parts.push(eventName(step.event), stateName((step.state as { value: unknown }).value));
  return parts.join(' → ');
}

function dropPrefixes<TMachine extends AnyStateMachine>(paths: FlowPath<TMachine>[]): FlowPath<TMachine>[] {
  const keys = paths.map((path) => path.steps.map((step) => `${step.edge.id}\u0001`).join(''));
  const kept = paths.filter((_, i) => {
    const key = keys[i] ?? '';
    return !keys.some((other, j) => j !== i && other !== key && other.startsWith(key)) && keys.indexOf(key) === i;
  });
  return kept.sort((a, b) => a.description.localeCompare(b.description));
}

/**
 * Generates paths through the real machine with `xstate/graph`, server outcomes given as
 * `xstate.done.actor.*` / `xstate.error.actor.*` sample events.
 *
 * @example
 * const paths = flowPaths(signUpMachine, {
 *   strategy: 'transitions',
 *   events: [
 *     { type: 'email.submit', email: 'ann@example.com' },
 *     { type: 'xstate.done.actor.signUp', output: user },
 *     { type: 'xstate.error.actor.signUp', error: { type: 'user_exists', status: 400 } },
 *   ],
 * });
 */
export function flowPaths<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: FlowPathOptions<TMachine>,
  graph: FlowGraph<TMachine> = flowGraph(machine, options),
): FlowPath<TMachine>[] {
  const logic = machine as unknown as ActorLogic<FlowSnapshot<TMachine>, FlowEvent<TMachine>, InputFrom<TMachine>>;
  const traversal = {
    input: options.input,
    serializeState: (snapshot: FlowSnapshot<TMachine>) => graph.keyOf(snapshot),
    events: (snapshot: FlowSnapshot<TMachine>) => graph.edges.filter((edge) => edge.from === graph.keyOf(snapshot)).map((edge) => edge.event),
    limit: options.limit ?? 10_000,
  };
  const strategy = options.strategy ?? 'transitions';
  if (strategy === 'simple') return dropPrefixes(getSimplePaths(logic, traversal).map((path) => toFlowPath(graph, path)));
  const shortest = getShortestPaths(logic, traversal).map((path) => toFlowPath(graph, path));
  if (strategy === 'shortest') return dropPrefixes(shortest);
  // A start that ends where nothing can happen (an eventless route to a dead end) is a path of its own.
  if (graph.edges.length === 0) return shortest.filter((path) => path.steps.length === 0);
  const toState = new Map(shortest.map((path) => [graph.keyOf(path.state), path]));
  const perEdge = graph.edges.flatMap((edge) => {
    const head = toState.get(edge.from);
    if (head === undefined) return [];
    const steps = [...head.steps, { event: edge.event, state: edge.target, edge }];
    return [{ description: describePath(graph, steps), steps, state: edge.target, graph }];
  });
  return dropPrefixes(perEdge);
}
