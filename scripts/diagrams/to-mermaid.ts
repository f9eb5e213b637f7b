import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** One drawn edge: from a state node to a state node (or the final pseudo-state), with a label. */
interface Edge {
  from: string;
  to: string;
  label: string;
}

const DONE_ACTOR = 'xstate.done.actor.';
const ERROR_ACTOR = 'xstate.error.actor.';
const DONE_STATE = 'xstate.done.state.';
const AFTER = 'xstate.after.';

/** The Mermaid id of a state node: its path joined by `_`, so nested keys never collide. */
function nodeId(node: AnyStateNode): string {
  return node.path.join('_');
}

function isGuardObject(guard: unknown): guard is { type: string } {
  return typeof guard === 'object' && guard !== null && typeof (guard as { type?: unknown }).type === 'string';
}

/** Renders a guard as text: named guards by name, `not`/`and`/`or` as operators. */
export function guardLabel(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (isGuardObject(guard)) return guard.type;
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: unknown }).guards;
    if (Array.isArray(inner)) {
      const parts = inner.map(guardLabel);
      if (guard.name === 'not') return `!${parts[0] ?? 'guard'}`;
      if (guard.name === 'and') return parts.join(' && ');
      if (guard.name === 'or') return parts.join(' || ');
    }
    const stateValue: unknown = (guard as { stateValue?: unknown }).stateValue;
    if (stateValue !== undefined) return `in ${JSON.stringify(stateValue)}`;
    return guard.name.length > 0 && guard.name !== 'guard' ? guard.name : 'guard';
  }
  return 'guard';
}

function delayLabel(node: AnyStateNode, eventType: string): string {
  const delayed = node.after.find((t) => t.eventType === eventType);
  const delay = delayed?.delay;
  if (typeof delay === 'number') return `after ${delay}ms`;
  if (typeof delay === 'string') return `after ${delay}`;
  // xstate.after.<delay>.<node id>: the delay is the segment before the node id.
  const rest = eventType.slice(AFTER.length);
  const suffix = `.${node.id}`;
  return `after ${rest.endsWith(suffix) ? rest.slice(0, -suffix.length) : rest}`;
}

/** Turns an internal event type into the words a reader expects on an arrow. */
export function eventLabel(node: AnyStateNode, eventType: string): string {
  if (eventType === '') return 'always';
  if (eventType.startsWith(DONE_ACTOR)) return `done: ${eventType.slice(DONE_ACTOR.length)}`;
  if (eventType.startsWith(ERROR_ACTOR)) return `error: ${eventType.slice(ERROR_ACTOR.length)}`;
  if (eventType.startsWith(DONE_STATE)) return 'done';
  if (eventType.startsWith(AFTER)) return delayLabel(node, eventType);
  return eventType;
}

/** Mermaid treats `:` `;` `#` and braces in labels specially; replace them with look-alikes. */
function escapeLabel(text: string): string {
  return text.replace(/;/g, ',').replace(/#/g, 'no.').replace(/[{}]/g, '');
}

function transitionEdges(node: AnyStateNode, transition: AnyTransitionDefinition, eventType: string): Edge[] {
  const guard = transition.guard === undefined ? '' : ` [${guardLabel(transition.guard)}]`;
  const label = escapeLabel(`${eventLabel(node, eventType)}${guard}`);
  const targets = transition.target ?? [];
  // A targetless transition (actions only) stays where it is: drawn as a self-loop.
  if (targets.length === 0) return [{ from: nodeId(node), to: nodeId(node), label }];
  return targets.map((target) => ({ from: nodeId(node), to: nodeId(target), label }));
}

/** All transitions leaving a node: `on`, delayed, invoke done/error, and `always`. */
function ownEdges(node: AnyStateNode): Edge[] {
  const edges: Edge[] = [];
  for (const [eventType, transitions] of node.transitions) {
    for (const transition of transitions) edges.push(...transitionEdges(node, transition, eventType));
  }
  for (const transition of node.always ?? []) edges.push(...transitionEdges(node, transition, ''));
  return edges;
}

function children(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

/**
 * The root's own transitions (e.g. `flow.cancel` from anywhere) cannot start at the root in
 * Mermaid, so they are drawn from each top-level state that is not final and does not handle
 * the event itself (a child's own transition wins over the root's).
 */
function rootEdges(root: AnyStateNode): Edge[] {
  const edges: Edge[] = [];
  for (const child of children(root)) {
    if (child.type === 'final') continue;
    for (const [eventType, transitions] of root.transitions) {
      if (child.transitions.has(eventType)) continue;
      for (const transition of transitions) {
        for (const edge of transitionEdges(root, transition, eventType)) {
          edges.push({ from: nodeId(child), to: edge.to === nodeId(root) ? nodeId(child) : edge.to, label: edge.label });
        }
      }
    }
  }
  return edges;
}

function describe(node: AnyStateNode, indent: string, lines: string[]): void {
  const id = nodeId(node);
  if (id !== node.key) lines.push(`${indent}state "${node.key}" as ${id}`);
  for (const invoke of node.invoke) {
    const src = typeof invoke.src === 'string' ? invoke.src : invoke.id;
    lines.push(`${indent}${id} : invoke ${escapeLabel(src)}`);
  }
  if (node.tags.length > 0) lines.push(`${indent}${id} : tags ${escapeLabel(node.tags.join(', '))}`);
}

/** Emits a node's children (declarations, initial arrow, nested blocks, finals) at one level. */
function emitChildren(parent: AnyStateNode, indent: string, lines: string[], edges: Edge[]): void {
  const kids = children(parent);
  if (parent.type === 'compound') {
    for (const initial of parent.initial.target) lines.push(`${indent}[*] --> ${nodeId(initial)}`);
  }
  kids.forEach((child, index) => {
    if (parent.type === 'parallel' && index > 0) lines.push(`${indent}--`);
    describe(child, indent, lines);
    edges.push(...ownEdges(child));
    if (child.type === 'compound' || child.type === 'parallel') {
      lines.push(`${indent}state ${nodeId(child)} {`);
      emitChildren(child, `${indent}  `, lines, edges);
      lines.push(`${indent}}`);
    }
    if (child.type === 'final') lines.push(`${indent}${nodeId(child)} --> [*]`);
  });
}

/**
 * Renders an XState v5 machine as a Mermaid `stateDiagram-v2`: nested states as composite
 * blocks, the initial and final pseudo-states, every transition (events, `always`, `after`
 * delays, invoke done/error) labelled with its event and guard, invoked actors and tags as state
 * descriptions. Pure and deterministic: the same machine always gives the same text.
 *
 * @example
 * toMermaid(signUpMachine) // 'stateDiagram-v2\n  [*] --> enteringEmail\n  …'
 */
export function toMermaid(machine: AnyStateMachine): string {
  const root = machine.root;
  const lines: string[] = ['stateDiagram-v2'];
  const edges: Edge[] = [];
  emitChildren(root, '  ', lines, edges);
  edges.push(...rootEdges(root));
  const seen = new Set<string>();
  for (const edge of edges) {
    const line = `  ${edge.from} --> ${edge.to} : ${edge.label}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
