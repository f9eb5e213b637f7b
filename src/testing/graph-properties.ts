import { getStateNodes } from 'xstate/graph';
import type { AnyStateMachine } from 'xstate';
import { flowGraph } from './flow-graph.js';
import type { FlowGraph, FlowGraphOptions } from './flow-graph.js';

type NodeLike = { id: string; type: string };

/**
 * State nodes of the machine that no sequence of the sample events reaches, by id
 * (`signUp.awaitingConfirmation`). Empty when every state is reachable.
 */
export function unreachableStates<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: FlowGraphOptions<TMachine>,
  graph: FlowGraph<TMachine> = flowGraph(machine, options),
): string[] {
  const active = new Set<string>();
  for (const snapshot of graph.states.values()) {
    for (const node of (snapshot as unknown as { _nodes: NodeLike[] })._nodes) active.add(node.id);
  }
  return (getStateNodes(machine) as NodeLike[]).map((node) => node.id).filter((id) => id !== machine.id && !active.has(id));
}

/**
 * Reachable states from which no final state can be reached any more (the user is stuck),
 * by graph key (state name, plus the projected context if any). Empty when every state can still finish.
 */
export function deadEndStates<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: FlowGraphOptions<TMachine>,
  graph: FlowGraph<TMachine> = flowGraph(machine, options),
): string[] {
  const incoming = new Map<string, string[]>();
  for (const edge of graph.edges) incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge.from]);
  const canFinish = new Set<string>();
  const queue = [...graph.states].filter(([, snapshot]) => (snapshot as { status: string }).status === 'done').map(([key]) => key);
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
    if (canFinish.has(key)) continue;
    canFinish.add(key);
    queue.push(...(incoming.get(key) ?? []));
  }
  return [...graph.states.keys()].filter((key) => !canFinish.has(key));
}
