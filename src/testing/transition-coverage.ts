import type { AnyStateMachine } from 'xstate';
import type { FlowEdge, FlowGraph } from './flow-graph.js';

/** Counts which transitions of a graph have been walked for real. */
export interface TransitionCoverage {
  /** Transitions in the graph. */
  readonly total: number;
  /** Distinct transitions walked so far. */
  readonly covered: number;
  /** Marks a transition as walked (idempotent). Unknown transitions throw. */
  cover(edge: FlowEdge<AnyStateMachine> | string): void;
  /** Ids of transitions not walked yet. */
  missing(): string[];
  /** `signUp: 14/14 transitions` */
  summary(name?: string): string;
}

/**
 * Starts a transition-coverage counter over the edges of a {@link flowGraph}, or of several
 * graphs of one machine (one per kind of input).
 *
 * @example
 * const coverage = transitionCoverage(graph);
 * for (const path of paths) await runFlowPath(path, scenario, { coverage });
 * expect(coverage.missing()).toEqual([]);
 */
export function transitionCoverage<TMachine extends AnyStateMachine>(graph: FlowGraph<TMachine> | readonly FlowGraph<TMachine>[]): TransitionCoverage {
  const graphs: readonly FlowGraph<TMachine>[] = Array.isArray(graph) ? graph : [graph as FlowGraph<TMachine>];
  // Graphs of one machine from different inputs share the transitions they have in common.
  const all = new Set(graphs.flatMap((one) => one.edges.map((edge) => edge.id)));
  const walked = new Set<string>();
  return {
    get total() {
      return all.size;
    },
    get covered() {
      return walked.size;
    },
    cover(edge) {
      const id = typeof edge === 'string' ? edge : edge.id;
      if (!all.has(id)) throw new Error(`transitionCoverage: ${id} is not a transition of the graph`);
      walked.add(id);
    },
    missing() {
      return [...all].filter((id) => !walked.has(id));
    },
    summary(name = graphs[0]?.machine.id ?? 'machine') {
      return `${name}: ${walked.size}/${all.size} transitions`;
    },
  };
}
