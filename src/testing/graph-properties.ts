import { getStateNodes } from 'xstate/graph';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { activeStateNodes, flowGraph } from './flow-graph.js';
import type { FlowGraph, FlowGraphOptions } from './flow-graph.js';

/** One value, or several (e.g. one graph per kind of input). */
export type OneOrMany<T> = T | readonly T[];

function many<T>(value: OneOrMany<T>): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function graphsOf<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: OneOrMany<FlowGraphOptions<TMachine>> = {},
  graphs: OneOrMany<FlowGraph<TMachine>> | undefined,
): readonly FlowGraph<TMachine>[] {
  return graphs === undefined ? many(options).map((one) => flowGraph(machine, one)) : many(graphs);
}

/**
 * State nodes of the machine that no sequence of the sample events reaches, by id
 * (`signUp.awaitingConfirmation`); empty when every state is reachable. With several option
 * sets (inputs), a state counts as reachable when one of them reaches it. An eventless state
 * (`always`) is passed through within a step, so it counts as reached when a reached state's
 * transition, or the machine's start, targets it.
 */
export function unreachableStates<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: OneOrMany<FlowGraphOptions<TMachine>> = {},
  graphs?: OneOrMany<FlowGraph<TMachine>>,
): string[] {
  const active = new Set<string>();
  const targeted = new Set<string>();
  for (const node of machine.root.initial.target) targeted.add(node.id);
  for (const graph of graphsOf(machine, options, graphs)) {
    for (const snapshot of graph.states.values()) {
      for (const node of activeStateNodes(snapshot)) {
        active.add(node.id);
        const definitions = [...node.transitions.values()].flat().concat(node.always ?? []);
        for (const definition of definitions) for (const target of definition.target ?? []) targeted.add(target.id);
      }
    }
  }
  const nodes: AnyStateNode[] = getStateNodes(machine);
  const passedThrough = (node: AnyStateNode) => (node.always?.length ?? 0) > 0 && targeted.has(node.id);
  return nodes.filter((node) => node.id !== machine.id && !active.has(node.id) && !passedThrough(node)).map((node) => node.id);
}

/**
 * Reachable states from which no final state can be reached any more (the user is stuck), by
 * graph key (state name, plus the projected context if any); empty when every state can still
 * finish. With several option sets, the dead ends of each graph.
 */
export function deadEndStates<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: OneOrMany<FlowGraphOptions<TMachine>> = {},
  graphs?: OneOrMany<FlowGraph<TMachine>>,
): string[] {
  const stuck = new Set<string>();
  for (const graph of graphsOf(machine, options, graphs)) {
    const incoming = new Map<string, string[]>();
    for (const edge of graph.edges) incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge.from]);
    const canFinish = new Set<string>();
    const queue = [...graph.states].filter(([, snapshot]) => (snapshot as { status: string }).status === 'done').map(([key]) => key);
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      if (canFinish.has(key)) continue;
      canFinish.add(key);
      queue.push(...(incoming.get(key) ?? []));
    }
    for (const key of graph.states.keys()) if (!canFinish.has(key)) stuck.add(key);
  }
  return [...stuck];
}
