import { readRetryAt } from './deadlines.js';

/**
 * A failure as a machine keeps it in context: plain, serialisable data, never an `Error`
 * instance and never a secret. `code` is the SaaSus error `type` (`code_mismatch`,
 * `limit_exceeded`, …), a transport kind (`network`, `timeout`, `aborted`), `configuration`
 * for a machine used without its actors, `invalid_input` for a rejected form value, or
 * `unknown`.
 */
export interface FlowError {
  code: string;
  message: string;
  /** Whether the same request may succeed when tried again (`flow.retry`). */
  retryable: boolean;
  /** Wrong-code attempts left before the code dies, when the server says. */
  attemptsLeft?: number;
  /** Epoch ms from which the server accepts the request again (a 429's `next_allowed_at`). */
  retryAt?: number;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}

/** The name of {@link FlowConfigurationError}, checked by shape so it survives bundling twice. */
const CONFIGURATION_ERROR_NAME = 'FlowConfigurationError';

/**
 * Thrown (as a rejection) by an actor that was never provided, or by a service that lacks an
 * option it needs: a programming mistake, shown as a `configuration` {@link FlowError}.
 */
export class FlowConfigurationError extends TypeError {
  override readonly name = CONFIGURATION_ERROR_NAME;
}

/**
 * SaaSus error types that name what was wrong with the request, and so mean the same whatever
 * status they come with (SaaSus declares most failures as 500): `code_mismatch`,
 * `expired_code`, `too_many_attempts`, `no_pending_code`, `invalid_registration_token` and
 * every other `invalid_…`, `…_not_found`, `…_not_linked`, `not_authorized`, `…_already_…`,
 * `permission_denied`. Sending the same request again cannot succeed.
 */
const REQUEST_FAULT = /invalid|mismatch|expired|too_many|no_pending|not_|already|denied/;

/**
 * Whether the request may succeed when sent again: by the error `type` first (a request fault
 * never is, whatever the status; `limit_exceeded` is, once its `retryAt` has passed), then
 * by transport kind (`network`, `timeout`: yes;
 * `aborted`: no) and status (an unknown 5xx: yes; anything else: no). A plain object without
 * `kind` or `status` keeps its own `retryable`.
 */
function isRetryable(code: string, shape: Record<string, unknown> | undefined): boolean {
  const kind = shape?.['kind'];
  const status = shape?.['status'] as number;
  return (
    code === 'limit_exceeded' ||
    (!REQUEST_FAULT.test(code) &&
      (kind === 'network' || kind === 'timeout' || (kind !== 'aborted' && status >= 500) || (kind === undefined && status === undefined && shape?.['retryable'] === true)))
  );
}

/**
 * Converts anything an actor rejected with into a {@link FlowError}. Reads `ApiError`
 * (`type`, `kind`, `status`, `data.attempts_left`, `data.next_allowed_at`), configuration
 * errors, and plain `{ type | code, message }` objects; everything else becomes `unknown`.
 * Failures are classified by `type` first, so a `code_mismatch` answered 400 or 500 is the
 * same failure (see `isRetryable`).
 */
export function toFlowError(error: unknown): FlowError {
  const shape = record(error);
  if (shape?.['name'] === CONFIGURATION_ERROR_NAME) {
    return { code: 'configuration', message: String(shape['message']), retryable: false };
  }
  const code = stringOr(shape?.['type'], stringOr(shape?.['code'], undefined));
  const message = stringOr(shape?.['message'], 'The request failed.');
  if (code === undefined) return { code: 'unknown', message, retryable: false };
  const failure: FlowError = { code, message, retryable: isRetryable(code, shape) };
  const data = record(shape?.['data']);
  const attempts = data?.['attempts_left'];
  if (Number.isFinite(attempts)) failure.attemptsLeft = Math.max(0, Math.floor(attempts as number));
  const retryAt = readRetryAt(data);
  if (retryAt !== undefined) failure.retryAt = retryAt;
  return failure;
}

/** The failure of an `xstate.error.actor.*` event (what the invoked actor rejected with), as a {@link FlowError}. */
export function failureOf(event: object): FlowError {
  return toFlowError('error' in event ? event.error : undefined);
}

/** A {@link FlowError} for a form value the machine refuses before any request. */
export function invalidInputError(message: string): FlowError {
  return { code: 'invalid_input', message, retryable: false };
}

/** SaaSus error types after which a code cannot be used any more: the user must ask for a new one. */
const DEAD_CODE_TYPES: ReadonlySet<string> = new Set(['expired_code', 'too_many_attempts', 'no_pending_code']);

/** Whether a failed code submission means the code is dead (expired, or no attempts left). */
export function isDeadCodeError(error: FlowError): boolean {
  return DEAD_CODE_TYPES.has(error.code) || (error.code === 'code_mismatch' && error.attemptsLeft === 0);
}
