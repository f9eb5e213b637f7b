import { getStateNodes } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import type { ActorLogic, AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventFromLogic, InputFrom, SnapshotFrom } from 'xstate';
import type { AdjacencyMap } from 'xstate/graph';

/** A machine's snapshot and event types, as the graph helpers see them. */
export type FlowSnapshot<TMachine extends AnyStateMachine> = SnapshotFrom<TMachine>;
/** How an invoked actor reports its outcome to the machine: a server answer, in a model. */
export type ActorOutcomeEvent =
  | { type: `xstate.done.actor.${string}`; output?: unknown }
  | { type: `xstate.error.actor.${string}`; error?: unknown };

/** A delayed transition firing (`xstate.after.<delay>.<state id>`). */
export interface DelayEvent {
  type: `xstate.after.${string}`;
}

/** The events a machine takes in a model: its own, actor outcomes and delays. */
export type FlowEvent<TMachine extends AnyStateMachine> = EventFromLogic<TMachine> | ActorOutcomeEvent | DelayEvent;

/** How to explore a machine. */
export interface FlowGraphOptions<TMachine extends AnyStateMachine> {
  /**
   * Sample events: user events with payloads, server outcomes as
   * `{ type: 'xstate.done.actor.<id>', output }` / `{ type: 'xstate.error.actor.<id>', error }`.
   * Several samples of one type are several edges (e.g. two error kinds). An event type the
   * state handles but that has no sample is tried as `{ type }` (timers, payload-free events).
   */
  events?: readonly FlowEvent<TMachine>[];
  /** The machine's input. */
  input?: InputFrom<TMachine>;
  /**
   * The part of the context that makes two snapshots with the same state value different
   * states of the graph (e.g. a resend counter). Default: the whole context. Return
   * `undefined` to tell states apart by their value only — then guarded branches that depend
   * on context (a retry limit) may never be explored.
   */
  project?: (snapshot: FlowSnapshot<TMachine>) => unknown;
  /** Stops exploring after this many states (guards against a context that never repeats). */
  limit?: number;
}

/** One transition of the graph: from a state, on a sample event, to a state. */
export interface FlowEdge<TMachine extends AnyStateMachine> {
  /** `<from> --<event>--> <to>`, unique within the graph. */
  id: string;
  from: string;
  to: string;
  event: FlowEvent<TMachine>;
  source: FlowSnapshot<TMachine>;
  target: FlowSnapshot<TMachine>;
}

/** A machine explored with sample events: its states (by key) and transitions. */
export interface FlowGraph<TMachine extends AnyStateMachine> {
  machine: TMachine;
  initial: string;
  states: ReadonlyMap<string, FlowSnapshot<TMachine>>;
  edges: readonly FlowEdge<TMachine>[];
  /** The key of a snapshot of this machine, as used in `states` and in edges. */
  keyOf(snapshot: FlowSnapshot<TMachine>): string;
  /** The edge leaving state `from` on `event`, if the graph has it. */
  edgeOf(from: string, event: FlowEvent<TMachine>): FlowEdge<TMachine> | undefined;
  /** The options the graph was explored with. */
  options: FlowGraphOptions<TMachine>;
}

type EventLike = { type: string };
type GraphSnapshot = AnyMachineSnapshot;

/**
 * The active state nodes of a machine snapshot, root first, each once: xstate's public
 * `getStateNodes` over the snapshot's value (it lists a parent once per active child).
 */
export function activeStateNodes(snapshot: unknown): AnyStateNode[] {
  const { machine, value } = snapshot as AnyMachineSnapshot;
  return [...new Set(getStateNodes(machine.root, value))];
}

/** A readable name for a state value: `awaitingConfirmation`, `editing.code`. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, child]) => (typeof child === 'object' && child !== null && Object.keys(child).length === 0 ? key : `${key}.${stateName(child)}`))
    .join('|');
}

/** A readable name for an event: its type, with the SaaSus error type for actor errors. */
export function eventName(event: EventLike): string {
  const error = (event as { error?: unknown }).error;
  const errorType = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof errorType === 'string' ? `${event.type}(${errorType})` : event.type;
}

function eventsFor(snapshot: GraphSnapshot, samples: readonly EventLike[], unsampled: Set<string>): EventLike[] {
  // A finished (or failed) actor takes no more events, whatever its root `on` says.
  if (snapshot.status !== 'active') return [];
  const types = [...new Set(activeStateNodes(snapshot).flatMap((node) => node.ownEvents))].filter((type) => !type.includes('*'));
  return types
    .flatMap((type) => {
      const matching = samples.filter((event) => event.type === type);
      if (matching.length > 0) return matching;
      unsampled.add(type);
      return [{ type }];
    })
    .filter((event) => snapshot.can(event));
}

/**
 * Explores the real machine with the sample events (no invoked actor runs; server outcomes are
 * the sample events) and returns its states and transitions.
 */
export function flowGraph<TMachine extends AnyStateMachine>(machine: TMachine, options: FlowGraphOptions<TMachine> = {}): FlowGraph<TMachine> {
  const project = options.project ?? ((snapshot: FlowSnapshot<TMachine>) => (snapshot as GraphSnapshot).context);
  const keyOf = (snapshot: FlowSnapshot<TMachine>): string => {
    const projected = project(snapshot);
    const name = stateName((snapshot as GraphSnapshot).value);
    const empty = projected === undefined || (typeof projected === 'object' && projected !== null && Object.keys(projected).length === 0);
    return empty ? name : `${name} ${JSON.stringify(projected)}`;
  };
  const logic = machine as unknown as ActorLogic<FlowSnapshot<TMachine>, FlowEvent<TMachine>, InputFrom<TMachine>>;
  const unsampled = new Set<string>();
  let adjacency: AdjacencyMap<FlowSnapshot<TMachine>, FlowEvent<TMachine>>;
  try {
    adjacency = getAdjacencyMap(logic, {
      input: options.input,
      serializeState: keyOf,
      events: (snapshot) => eventsFor(snapshot as GraphSnapshot, options.events ?? [], unsampled) as FlowEvent<TMachine>[],
      limit: options.limit ?? 10_000,
    });
  } catch (cause) {
    const hint = unsampled.size === 0 ? '' : ` Events tried as { type } for want of a sample: ${[...unsampled].join(', ')}; give them samples with their output / error / payload.`;
    throw new Error(`flowGraph(${machine.id}): exploring the machine failed: ${cause instanceof Error ? cause.message : String(cause)}.${hint}`, { cause });
  }
  const states = new Map<string, FlowSnapshot<TMachine>>();
  const edges: FlowEdge<TMachine>[] = [];
  const ids = new Set<string>();
  const byStep = new Map<string, FlowEdge<TMachine>>();
  for (const [from, { state, transitions }] of Object.entries(adjacency)) {
    states.set(from, state);
    for (const { event, state: target } of Object.values(transitions) as Array<{ event: FlowEvent<TMachine>; state: FlowSnapshot<TMachine> }>) {
      const to = keyOf(target);
      const base = `${from} --${eventName(event)}--> ${to}`;
      let id = base;
      for (let n = 2; ids.has(id); n++) id = `${base} #${n}`;
      ids.add(id);
      const edge = { id, from, to, event, source: state, target };
      edges.push(edge);
      byStep.set(`${from}\u0000${JSON.stringify(event)}`, edge);
    }
  }
  const first = Object.keys(adjacency)[0];
  if (first === undefined) throw new Error('flowGraph: the machine has no initial state');
  const edgeOf = (from: string, event: FlowEvent<TMachine>) => byStep.get(`${from}\u0000${JSON.stringify(event)}`);
  return { machine, initial: first, states, edges, keyOf, edgeOf, options };
}
