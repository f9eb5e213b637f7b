import type { EventObject } from 'xstate';

/**
 * Whether `event` is the flow event of `type`. Shared guards, actions and inputs see any
 * machine's events; an event type names one payload in every flow, so the type decides.
 */
export function isEventOf<TEvent extends EventObject>(event: EventObject, type: TEvent['type']): event is TEvent {
  return event.type === type;
}

/** `event` as the flow event of `type`, for an invoke input; throws when it is another. */
export function eventOf<TEvent extends EventObject>(event: EventObject, type: TEvent['type']): TEvent {
  if (!isEventOf<TEvent>(event, type)) throw new TypeError(`saasus-flows: expected a ${type} event, got ${event.type}`);
  return event;
}
