import { getInitialMicrosteps, getMicrosteps } from 'xstate';
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, AnyTransitionDefinition, EventObject } from 'xstate';
import { activeStateNodes } from './flow-graph.js';

/**
 * One transition as the machine declares it: an `on` event, an `after` delay, an `always`
 * branch, or an invoked actor's `onDone` / `onError`, one per guarded candidate.
 */
export interface DeclaredTransition {
  /** `enteringCode --code.submit[isCodeFilled]--> updatingSoftwareToken`, unique within the machine. */
  id: string;
  /** The declaring state's path (`awaitingConfirmation.resend.coolingDown`), the machine id for the root. */
  from: string;
  /** `code.submit`, `done(signUp)`, `error(signUp)`, `after(resendCooldown)`, `always`, `done`. */
  event: string;
  /** The guard's name; absent for an unguarded candidate. */
  guard?: string;
  /** Target state paths joined with `,`; the source's own path for a targetless transition. */
  to: string;
  /** xstate's definition (read through its public fields). */
  definition: AnyTransitionDefinition;
}

/** The path of a state node as the ids show it; the machine id for the root. */
export function statePath(node: AnyStateNode): string {
  return node.path.length === 0 ? node.machine.id : node.path.join('.');
}

/** The readable name of a transition's event (`done(signUp)` for `xstate.done.actor.signUp`). */
function eventLabel(eventType: string, source: AnyStateNode): string {
  if (eventType === '') return 'always';
  if (eventType.startsWith('xstate.done.actor.')) return `done(${eventType.slice('xstate.done.actor.'.length)})`;
  if (eventType.startsWith('xstate.error.actor.')) return `error(${eventType.slice('xstate.error.actor.'.length)})`;
  if (eventType.startsWith('xstate.after.')) {
    const rest = eventType.slice('xstate.after.'.length);
    const suffix = `.${source.id}`;
    return `after(${rest.endsWith(suffix) ? rest.slice(0, -suffix.length) : rest})`;
  }
  if (eventType.startsWith('xstate.done.state.')) return 'done';
  return eventType;
}

function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name === '' ? 'guard' : guard.name;
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') return (guard as { type: string }).type;
  return 'guard';
}

function childrenOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

/** Every transition the machine declares, in document order, with readable unique ids. */
export function declaredTransitions(machine: AnyStateMachine): DeclaredTransition[] {
  const result: DeclaredTransition[] = [];
  const ids = new Set<string>();
  const visit = (node: AnyStateNode): void => {
    const definitions: AnyTransitionDefinition[] = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const definition of definitions) {
      const from = statePath(node);
      const event = eventLabel(definition.eventType, node);
      const guard = guardName(definition.guard);
      const to = definition.target === undefined || definition.target.length === 0 ? from : definition.target.map((t: AnyStateNode) => statePath(t)).join(',');
      const base = `${from} --${event}${guard === undefined ? '' : `[${guard}]`}--> ${to}`;
      let id = base;
      for (let n = 2; ids.has(id); n++) id = `${base} #${n}`;
      ids.add(id);
      result.push({ id, from, event, ...(guard === undefined ? {} : { guard }), to, definition });
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(machine.root);
  return result;
}

type GuardFunction = (args: { context: unknown; event: EventObject }, params: unknown) => boolean;

/**
 * Whether a definition's guard lets it through on `snapshot` and `event`, through the machine's
 * own guard implementations; `undefined` when the guard cannot be evaluated here (a
 * higher-order guard), and then the caller compares targets instead.
 */
function guardPasses(machine: AnyStateMachine, definition: AnyTransitionDefinition, snapshot: AnyMachineSnapshot, event: EventObject): boolean | undefined {
  const guard: unknown = definition.guard;
  if (guard === undefined) return true;
  const implementations = (machine.implementations.guards ?? {}) as Record<string, unknown>;
  const args = { context: snapshot.context as unknown, event };
  try {
    if (typeof guard === 'string') {
      const fn = implementations[guard];
      return typeof fn === 'function' ? (fn as GuardFunction)(args, undefined) === true : undefined;
    }
    if (typeof guard === 'object' && guard !== null) {
      const { type, params } = guard as { type?: unknown; params?: unknown };
      const fn = typeof type === 'string' ? implementations[type] : undefined;
      const resolved = typeof params === 'function' ? (params as (a: typeof args) => unknown)(args) : params;
      return typeof fn === 'function' ? (fn as GuardFunction)(args, resolved) === true : undefined;
    }
    if (typeof guard === 'function') return (guard as GuardFunction)(args, undefined) === true;
  } catch {
    return undefined;
  }
  return undefined;
}

function matchesEventType(descriptor: string, type: string): boolean {
  if (descriptor === type || descriptor === '*') return true;
  return descriptor.endsWith('.*') && type.startsWith(descriptor.slice(0, -1));
}

function candidatesOf(node: AnyStateNode, eventType: string): AnyTransitionDefinition[] {
  if (eventType === '') return node.always ?? [];
  return [...node.transitions.entries()].filter(([descriptor]) => matchesEventType(descriptor, eventType)).flatMap(([, list]) => list);
}

/**
 * The transitions of one microstep from `before` to `after`: for each active atomic state, the
 * first enabled candidate of the state or its nearest ancestor (xstate's selection).
 */
function selected(machine: AnyStateMachine, before: AnyMachineSnapshot, after: AnyMachineSnapshot, eventType: string, event: EventObject): AnyTransitionDefinition[] {
  const activeAfter = new Set(activeStateNodes(after));
  const chosen = new Set<AnyTransitionDefinition>();
  const leaves = activeStateNodes(before).filter((node) => node.type === 'atomic' || node.type === 'final');
  for (const leaf of leaves) {
    for (let node: AnyStateNode | undefined = leaf; node !== undefined; node = node.parent) {
      const hit = candidatesOf(node, eventType).find((definition) => {
        const passes = guardPasses(machine, definition, before, event);
        if (passes !== undefined) return passes;
        return (definition.target ?? []).every((target: AnyStateNode) => activeAfter.has(target));
      });
      if (hit !== undefined) {
        chosen.add(hit);
        break;
      }
    }
  }
  return [...chosen];
}

/** The declared transitions `event` takes from `snapshot`, eventless ones after it included. */
export function firedTransitions(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): AnyTransitionDefinition[] {
  const steps = getMicrosteps(machine, snapshot as never, event as never).map(([next]) => next as AnyMachineSnapshot);
  const fired: AnyTransitionDefinition[] = [];
  let before = snapshot;
  for (const [i, after] of steps.entries()) {
    fired.push(...selected(machine, before, after, i === 0 ? event.type : '', event));
    before = after;
  }
  return fired;
}

/** The eventless transitions a machine takes when it starts with `input` (a routing state). */
export function startTransitions(machine: AnyStateMachine, input?: unknown): AnyTransitionDefinition[] {
  const steps = (getInitialMicrosteps as (m: AnyStateMachine, i?: unknown) => Array<[AnyMachineSnapshot, unknown]>)(machine, input).map(([next]) => next);
  const event = { type: 'xstate.init', input };
  const fired: AnyTransitionDefinition[] = [];
  for (let i = 1; i < steps.length; i++) {
    const before = steps[i - 1];
    const after = steps[i];
    if (before !== undefined && after !== undefined) fired.push(...selected(machine, before, after, '', event));
  }
  return fired;
}
