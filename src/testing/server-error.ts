import { ApiError } from '../api/errors.js';

/**
 * The error a client call rejects with when the server answers `status` with SaaSus error
 * `type` — for `xstate.error.actor.<operation>` sample events, so the model converts it
 * exactly as the real run does (same `retryable`, same `attempts_left`).
 *
 * @example
 * { type: 'xstate.error.actor.signUp', error: serverError('signUp', 500, 'internal_error') }
 */
export function serverError(operation: string, status: number, type: string, data?: Record<string, unknown>): ApiError {
  return new ApiError({ kind: 'http', status, type, message: `${operation} failed: ${type}`, operation, ...(data === undefined ? {} : { data }) });
}
