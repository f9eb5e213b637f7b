import type { AnyStateMachine, EventFromLogic, EventObject } from 'xstate';

/**
 * Whether `event` is the flow event of `type`. Shared guards, actions and inputs see any
 * machine's events; an event type names one payload in every flow, so the type decides.
 * It says nothing of the payload: read fields with {@link textField}.
 */
export function isEventOf<TEvent extends EventObject>(event: EventObject, type: TEvent['type']): event is TEvent {
  return event.type === type;
}

/**
 * The text a form sent in `event[field]`, trimmed; `''` when the field is missing or not a
 * string (`FormData.get()` gives `null` for a missing field, JSON may hold anything), so a
 * malformed field is refused exactly as an empty one.
 */
export function textField(event: EventObject, field: string): string {
  const value: unknown = (event as unknown as Record<string, unknown>)[field];
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Whether `event` is one of `machine`'s own events: an object whose `type` is a string the
 * machine handles, and not one of XState's `xstate.*` events (a child actor's outcome or a
 * timer, which only XState may send). A server relaying a client's JSON to `actor.send`
 * checks this first; the payload itself is the machine's to refuse (`invalid_input`).
 *
 * @example
 * if (isFlowEvent(flows.signUpMachine, body)) actor.send(body);
 */
export function isFlowEvent<TMachine extends AnyStateMachine>(machine: TMachine, event: unknown): event is EventFromLogic<TMachine> {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
  const type: unknown = (event as { type?: unknown }).type;
  return typeof type === 'string' && !type.startsWith('xstate.') && machine.root.events.includes(type);
}
