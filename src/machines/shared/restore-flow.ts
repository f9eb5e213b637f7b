import type { AnyStateMachine, AnyStateNode, Snapshot, StateValue } from 'xstate';
import { CONTEXT_FIELDS, contextMismatch } from './context-fields.js';
import type { FlowStateMeta } from './flow.types.js';
import { restartedChildren } from './persist-flow.js';

/**
 * What {@link restoreFlow} decided. `snapshot` is what to hand `createActor(machine, { snapshot,
 * input })`: the checked snapshot, or `undefined` (start fresh from `input`), with the reason.
 */
export type FlowRestore = { ok: true; snapshot: Snapshot<unknown> } | { ok: false; snapshot: undefined; reason: string };

type Nodes = AnyStateNode[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metaOf(node: AnyStateNode): FlowStateMeta | undefined {
  return node.meta as FlowStateMeta | undefined;
}

/**
 * The state nodes `value` makes active under `node`, or why `value` is no full state value of
 * it: a compound node takes one child (a name, or `{ name: value }`), a parallel node every
 * region, an atomic or final node nothing further.
 */
function activeNodes(node: AnyStateNode, value: unknown, into: Nodes): string | undefined {
  into.push(node);
  const children = node.states as Record<string, AnyStateNode>;
  const childOf = (key: string) => (Object.hasOwn(children, key) ? children[key] : undefined);
  if (node.type === 'atomic' || node.type === 'final') return value === undefined ? undefined : `"${node.key}" has no inner states`;
  if (node.type === 'compound') {
    if (typeof value === 'string') {
      const child = childOf(value);
      if (!child) return `"${value}" is no state of "${node.key}"`;
      return activeNodes(child, undefined, into);
    }
    if (!isRecord(value) || Object.keys(value).length !== 1) return `"${node.key}" needs exactly one inner state`;
    const [key, inner] = Object.entries(value)[0] as [string, unknown];
    const child = childOf(key);
    if (!child) return `"${key}" is no state of "${node.key}"`;
    if (child.type === 'atomic' || child.type === 'final') return `"${key}" has no inner states`;
    return activeNodes(child, inner, into);
  }
  if (node.type === 'parallel') {
    if (!isRecord(value)) return `"${node.key}" needs a state for each of its regions`;
    const regions = Object.keys(children);
    if (Object.keys(value).length !== regions.length || !regions.every((key) => Object.hasOwn(value, key))) {
      return `"${node.key}" needs a state for each of its regions`;
    }
    for (const key of regions) {
      const child = children[key] as AnyStateNode;
      const inner = value[key];
      // XState writes an atomic region's value as `{}`.
      const atomic = child.type === 'atomic' || child.type === 'final';
      const reason = activeNodes(child, atomic && isRecord(inner) && Object.keys(inner).length === 0 ? undefined : inner, into);
      if (reason) return reason;
    }
    return undefined;
  }
  return `"${node.key}" cannot be restored`;
}

/**
 * Why the flow may not resume in the state of `nodes`: finished, passing through, saved
 * elsewhere by `persistFlow`, or a request in flight the machine does not declare restartable.
 */
function unsettled(machine: AnyStateMachine, nodes: Nodes): string | undefined {
  const restartable = new Set<string>([String(machine.config.initial)]);
  for (const node of Object.values(machine.root.states as Record<string, AnyStateNode>)) {
    const persist = metaOf(node)?.persist;
    if (persist?.restart && persist.resumeAt !== undefined) restartable.add(persist.resumeAt);
  }
  const top = nodes[1]?.key ?? '';
  for (const node of nodes) {
    if (node.type === 'final') return `"${node.key}" is a final state: the flow has finished`;
    if (node.always?.length) return `"${node.key}" is a passing state`;
    if (node.tags.includes('busy') && !restartable.has(top)) return `"${node.key}" has a request in flight`;
    if (metaOf(node)?.persist?.resumeAt !== undefined) return `"${node.key}" is never saved as such (it resumes at "${metaOf(node)?.persist?.resumeAt}")`;
    if (node.invoke.some((invoke) => typeof invoke.input === 'function')) return `the requests of "${node.key}" cannot be restarted`;
  }
  return undefined;
}

/** Why the saved `children` are not those the machine has in the state of `nodes`. */
function childrenMismatch(children: unknown, nodes: Nodes): string | undefined {
  if (children === undefined) return undefined;
  if (!isRecord(children)) return 'the child actors are not an object';
  const expected = new Map(nodes.flatMap((node) => node.invoke).map((invoke) => [invoke.id, invoke.src]));
  for (const [id, child] of Object.entries(children)) {
    if (!expected.has(id)) return `an unexpected child actor "${id}"`;
    if (!isRecord(child) || child['src'] !== expected.get(id)) return `the child actor "${id}" is not the machine's`;
  }
  return undefined;
}

function refuse(reason: string): FlowRestore {
  // A reason quotes saved names and values: keep a hostile one short.
  return { ok: false, snapshot: undefined, reason: reason.length > 300 ? `${reason.slice(0, 300)}…` : reason };
}

/**
 * Checks a saved flow (the `persistFlow` output, or anything else a user could hand
 * `createActor`'s `snapshot`) against `machine` before it is restored, and rebuilds it from the
 * machine: status `active` with no output or error, a full state value of this machine that a
 * flow may resume in (not finished, no request in flight unless the machine restarts it
 * safely), context fields of the right types and no others, and no child actors but the
 * machine's own in that state. Anything else is refused with the reason, and
 * `createActor(machine, { snapshot: undefined, input })` starts the flow fresh: a refused
 * snapshot never sends a request and never leaves the actor in `error`. Storage is
 * user-controlled: restore through this, not by passing parsed JSON to `createActor` (what
 * XState does with a malformed snapshot is XState's business).
 *
 * @example
 * const saved = localStorage.getItem('signUp');
 * const restored = restoreFlow(flows.signUpMachine, saved === null ? undefined : JSON.parse(saved));
 * if (!restored.ok && saved !== null) console.warn(`starting over: ${restored.reason}`);
 * const actor = createActor(flows.signUpMachine, { snapshot: restored.snapshot, input: {} }).start();
 */
export function restoreFlow(machine: AnyStateMachine, persisted: unknown): FlowRestore {
  if (persisted === undefined || persisted === null) return refuse('nothing was saved');
  if (!isRecord(persisted)) return refuse('the saved flow is not an object');
  if (persisted['status'] !== 'active') return refuse(`the saved flow's status is ${JSON.stringify(persisted['status']) ?? 'missing'}, not "active"`);
  if (persisted['output'] !== undefined) return refuse('the saved flow has an output');
  if (persisted['error'] !== undefined) return refuse('the saved flow has an error');
  const fields = Object.hasOwn(CONTEXT_FIELDS, machine.id) ? CONTEXT_FIELDS[machine.id] : undefined;
  if (!fields) return refuse(`"${machine.id}" is not a saasus-flows machine`);

  const nodes: Nodes = [];
  const value = persisted['value'];
  if (value === undefined) return refuse('the saved flow has no state');
  const badValue = activeNodes(machine.root, value, nodes);
  if (badValue) return refuse(`the saved state is not one of "${machine.id}": ${badValue}`);
  const notSettled = unsettled(machine, nodes);
  if (notSettled) return refuse(`the saved state cannot be resumed: ${notSettled}`);
  const badContext = contextMismatch(persisted['context'], fields);
  if (badContext) return refuse(badContext);
  const badChildren = childrenMismatch(persisted['children'], nodes);
  if (badChildren) return refuse(badChildren);

  // Rebuilt from the machine: nothing of the saved object but its value and checked context is kept.
  const reset = Object.assign({}, ...nodes.map((node) => metaOf(node)?.persist?.reset ?? {})) as Record<string, unknown>;
  const context = { ...structuredClone(persisted['context'] as Record<string, unknown>), ...reset };
  try {
    const resolved = machine.resolveState({ value: value as StateValue, context });
    const snapshot = machine.getPersistedSnapshot(resolved) as Snapshot<unknown> & { children: Record<string, unknown> };
    Object.assign(snapshot.children, restartedChildren(nodes));
    return { ok: true, snapshot };
  } catch (cause) {
    return refuse(`the saved state cannot be resolved: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
