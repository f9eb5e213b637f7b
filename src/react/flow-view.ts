import type { StateValue } from 'xstate';
import { flowErrorCode, messageFor, type FlowErrorCode, type MessageCatalogue } from '../machines/shared/catalogue.js';
import type { FlowError } from '../machines/shared/flow-error.js';

/**
 * The top-level state names of a state value type: `'enteringEmail'` for both
 * `'enteringEmail'` and `{ enteringEmail: 'failed' }`.
 */
export type TopStateOf<TValue> = TValue extends string ? TValue : TValue extends object ? keyof TValue & string : never;

/** A flow error as the view shows it: a known code and the message translated for the person. */
export interface FlowViewError {
  /** The code, one of {@link FlowErrorCode} (a code the catalogue does not know is `unknown`). */
  code: FlowErrorCode;
  /** The message from the catalogue, in the chosen language. */
  message: string;
  /** The machine's own message (English; may be the server's), for developers and logs. */
  detail: string;
  retryable: boolean;
  attemptsLeft?: number;
  /** Epoch ms from which the server accepts the request again. */
  retryAt?: number;
  /** Whole seconds until `retryAt`, counting down. */
  retryIn?: number;
}

/**
 * Every active leaf of a state value as a dotted path: `['enteringEmail.failed']`, or for a
 * parallel state one path per region.
 *
 * @example statePaths({ awaitingConfirmation: { resend: 'coolingDown', feedback: 'idle' } })
 * // ['awaitingConfirmation.resend.coolingDown', 'awaitingConfirmation.feedback.idle']
 */
export function statePaths(value: StateValue): string[] {
  if (typeof value === 'string') return [value];
  return Object.entries(value).flatMap(([key, child]) => (child === undefined ? [key] : statePaths(child).map((path) => `${key}.${path}`)));
}

/** The top-level state of a state value. */
export function topState(value: StateValue): string {
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
}

/** Whole seconds from `now` until `deadline`, rounded up; 0 once passed; `undefined` without a deadline. */
export function secondsLeft(deadline: number | undefined, now: number): number | undefined {
  return deadline === undefined ? undefined : Math.max(0, Math.ceil((deadline - now) / 1000));
}

/**
 * Milliseconds from `now` until the next whole second of any deadline still ahead (when a
 * countdown shown in seconds changes), or `undefined` when none is ahead.
 */
export function nextTickMs(deadlines: ReadonlyArray<number | undefined>, now: number): number | undefined {
  let next: number | undefined;
  for (const deadline of deadlines) {
    if (deadline === undefined || deadline <= now) continue;
    const wait = (deadline - now) % 1000 || 1000;
    next = next === undefined ? wait : Math.min(next, wait);
  }
  return next;
}

/** The view of a machine's `context.error`, its message from `catalogue` (with `overrides`). */
export function viewError(
  error: FlowError | undefined,
  now: number,
  catalogue: MessageCatalogue,
  overrides?: Partial<MessageCatalogue>,
): FlowViewError | undefined {
  if (!error) return undefined;
  const retryIn = secondsLeft(error.retryAt, now);
  const shown: FlowViewError = {
    code: flowErrorCode(error.code),
    message: messageFor({ ...error, ...(retryIn === undefined ? {} : { retryInSeconds: retryIn }) }, catalogue, overrides),
    detail: error.message,
    retryable: error.retryable,
  };
  if (error.attemptsLeft !== undefined) shown.attemptsLeft = error.attemptsLeft;
  if (error.retryAt !== undefined) shown.retryAt = error.retryAt;
  if (retryIn !== undefined) shown.retryIn = retryIn;
  return shown;
}
