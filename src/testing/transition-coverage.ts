import type { AnyMachineSnapshot, AnyStateMachine, AnyTransitionDefinition, EventObject } from 'xstate';
import { declaredTransitions, firedTransitions, startTransitions, type DeclaredTransition } from './declared-transitions.js';
import type { FlowEdge, FlowGraph } from './flow-graph.js';

/** One declared transition and whether a walked path took it. */
export interface TransitionCoverageRow {
  /** `enteringCode --code.submit[isCodeFilled]--> updatingSoftwareToken` */
  id: string;
  from: string;
  event: string;
  guard?: string;
  to: string;
  /** How many walked steps took it. */
  walked: number;
}

/** The declared transitions leaving one state, and how many of them were walked. */
export interface StateCoverageRow {
  /** The declaring state's path; the machine id for transitions declared at the root. */
  state: string;
  covered: number;
  total: number;
}

/**
 * Which of the transitions the machine declares (every `on`, `after`, `always`, `onDone`,
 * `onError` candidate, one per guard) the walked paths took. It is measured against the
 * machine, not against the sample events: a sample left out leaves its transition unwalked.
 */
export interface TransitionCoverage {
  /** Transitions the machine declares. */
  readonly total: number;
  /** Declared transitions walked so far. */
  readonly covered: number;
  /**
   * Marks a walked step of a graph (an edge, or its id): the declared transitions it took,
   * eventless ones included; a step from the graph's initial state also counts the eventless
   * transitions of the start. Unknown edges throw.
   */
  cover(edge: FlowEdge<AnyStateMachine> | string): void;
  /** Marks the eventless transitions the machine takes when it starts with the graph's input. */
  coverStart(graph: FlowGraph<AnyStateMachine>): void;
  /** Marks what `event` takes from `snapshot` (a step walked outside a graph). */
  coverStep(snapshot: AnyMachineSnapshot, event: EventObject): void;
  /** Ids of the declared transitions not walked yet, in declaration order. */
  missing(): string[];
  /** Every declared transition with its walk count, in declaration order. */
  transitions(): TransitionCoverageRow[];
  /** Per declaring state: walked / declared transitions. */
  states(): StateCoverageRow[];
  /** The graph's own edges (state × sample event): how many were walked. */
  readonly graph: { readonly total: number; readonly covered: number; missing(): string[] };
  /** `signUp: 17/17 declared transitions (100%), 58/58 graph edges` */
  summary(name?: string): string;
  /** The summary, then one line per state and one per unwalked transition. */
  report(name?: string): string;
}

const percent = (covered: number, total: number): string => `${total === 0 ? 100 : Math.floor((covered / total) * 100)}%`;

/**
 * Starts counting coverage of a machine's declared transitions by the walked steps of a
 * {@link flowGraph} (or of several graphs of one machine, one per kind of input). Without
 * graphs, pass the machine and record steps with `coverStep`.
 *
 * @example
 * const coverage = transitionCoverage(graph);
 * for (const path of paths) await runFlowPath(path, scenario, { coverage });
 * const report = coverage.report(); // per state and per transition, e.g. for the test log
 * expect(coverage.missing()).toEqual([]);
 */
export function transitionCoverage<TMachine extends AnyStateMachine>(
  graph: FlowGraph<TMachine> | readonly FlowGraph<TMachine>[] | TMachine,
): TransitionCoverage {
  const graphs: readonly FlowGraph<TMachine>[] = Array.isArray(graph) ? graph : 'edges' in (graph as object) ? [graph as FlowGraph<TMachine>] : [];
  const machine: AnyStateMachine | undefined = graphs[0]?.machine ?? (graphs.length === 0 && !Array.isArray(graph) ? (graph as TMachine) : undefined);
  if (machine === undefined) throw new TypeError('transitionCoverage: give a flow graph, several graphs of one machine, or the machine');
  const declared = declaredTransitions(machine);
  const byDefinition = new Map<AnyTransitionDefinition, DeclaredTransition>(declared.map((t) => [t.definition, t]));
  const walks = new Map<string, number>();
  // Graphs of one machine from different inputs share the edges they have in common.
  const edgeById = new Map<string, { edge: FlowEdge<TMachine>; graph: FlowGraph<TMachine> }>();
  for (const one of graphs) for (const edge of one.edges) if (!edgeById.has(edge.id)) edgeById.set(edge.id, { edge, graph: one });
  const walkedEdges = new Set<string>();
  const startedGraphs = new Set<FlowGraph<AnyStateMachine>>();

  const mark = (definitions: readonly AnyTransitionDefinition[]): void => {
    for (const definition of definitions) {
      const transition = byDefinition.get(definition);
      if (transition !== undefined) walks.set(transition.id, (walks.get(transition.id) ?? 0) + 1);
    }
  };
  const rows = (): TransitionCoverageRow[] =>
    declared.map(({ id, from, event, guard, to }) => ({ id, from, event, ...(guard === undefined ? {} : { guard }), to, walked: walks.get(id) ?? 0 }));
  const covered = (): number => declared.filter((t) => (walks.get(t.id) ?? 0) > 0).length;

  const coverage: TransitionCoverage = {
    get total() {
      return declared.length;
    },
    get covered() {
      return covered();
    },
    cover(edge) {
      const id = typeof edge === 'string' ? edge : edge.id;
      const known = edgeById.get(id);
      if (known === undefined) throw new Error(`transitionCoverage: ${id} is not a transition of the graph`);
      const { edge: step, graph: owner } = known;
      if (step.from === owner.initial) coverage.coverStart(owner);
      walkedEdges.add(id);
      mark(firedTransitions(machine, step.source as AnyMachineSnapshot, step.event as EventObject));
    },
    coverStart(owner) {
      if (startedGraphs.has(owner)) return;
      startedGraphs.add(owner);
      mark(startTransitions(machine, owner.options.input));
    },
    coverStep(snapshot, event) {
      mark(firedTransitions(machine, snapshot, event));
    },
    missing() {
      return declared.filter((t) => (walks.get(t.id) ?? 0) === 0).map((t) => t.id);
    },
    transitions: rows,
    states() {
      const byState = new Map<string, StateCoverageRow>();
      for (const row of rows()) {
        const entry = byState.get(row.from) ?? { state: row.from, covered: 0, total: 0 };
        entry.total++;
        if (row.walked > 0) entry.covered++;
        byState.set(row.from, entry);
      }
      return [...byState.values()];
    },
    graph: {
      get total() {
        return edgeById.size;
      },
      get covered() {
        return walkedEdges.size;
      },
      missing: () => [...edgeById.keys()].filter((id) => !walkedEdges.has(id)),
    },
    summary(name = machine.id) {
      const edges = graphs.length === 0 ? '' : `, ${walkedEdges.size}/${edgeById.size} graph edges`;
      return `${name}: ${covered()}/${declared.length} declared transitions (${percent(covered(), declared.length)})${edges}`;
    },
    report(name = machine.id) {
      const lines = [coverage.summary(name)];
      for (const state of coverage.states()) lines.push(`  ${state.covered === state.total ? '✔' : '✘'} ${state.state}: ${state.covered}/${state.total}`);
      const missing = coverage.missing();
      if (missing.length > 0) lines.push('  not walked:', ...missing.map((id) => `    ${id}`));
      return lines.join('\n');
    },
  };
  return coverage;
}
