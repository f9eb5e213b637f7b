/**
 * The {@link ApiError} of each way a call can fail: an error answer, a 2xx answer that is not
 * JSON, or no answer at all. The signing client and the browser transport both build their
 * errors here, so the same failure gives the same error whichever carried it. The signing
 * client redacts its request's secrets from these errors afterwards (`redactAnswerError` and the
 * `cause` it gives {@link transportError}, in fetch-error.ts); the browser transport has none to
 * redact. Written small: every browser bundle of a flow carries this file.
 */
import { ApiError } from './errors.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The parsed body of an answer (`undefined` when empty), or the error it stands for. A non-2xx
 * answer with a SaaSus `{type, message, data}` body keeps it; other error answers get
 * a generic `http_<status>` type and say what the body was; a 2xx answer that is not JSON is an
 * `invalid_response`.
 */
export function parseAnswer(operation: string, response: Response, text: string): unknown {
  let body: unknown;
  let json = true;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      json = false;
    }
  }
  const { ok, status, statusText } = response;
  if (ok && json) return body;
  const fail = (type: string, message: string, data?: Record<string, unknown>, retryable?: boolean) =>
    new ApiError({ kind: 'http', status, type, message, data, operation, traceId: response.headers.get('x-saasus-trace-id') ?? undefined, retryable });
  if (ok) throw fail('invalid_response', `HTTP ${status}: the response body is not JSON`, undefined, false);
  if (isRecord(body) && typeof body['type'] === 'string' && typeof body['message'] === 'string') {
    const data = body['data'];
    throw fail(body['type'], body['message'], isRecord(data) ? data : undefined);
  }
  const what = !text ? 'empty response body' : json ? 'response body is not a SaaSus error' : 'non-JSON response body';
  throw fail(`http_${status}`, `HTTP ${status}${statusText ? ` ${statusText}` : ''} (${what})`);
}

/** How a request ended without a response. */
export type TransportOutcome = 'network' | 'timeout' | 'aborted';

/**
 * The error for a request that got no usable response; its kind and type are the outcome. `cause`
 * is the error's `cause` (the client's redacted copy of a network error; none by default).
 */
export function transportError(operation: string, outcome: TransportOutcome, error: unknown, timeout: number, cause?: Error): ApiError {
  // The innermost string `code` of the error chain (e.g. `ECONNREFUSED`).
  let code: unknown;
  for (let e = error, i = 0; e && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') code = c;
  }
  return new ApiError({
    kind: outcome,
    status: 0,
    type: outcome,
    message: outcome === 'timeout' ? `No response within ${timeout} ms` : outcome === 'aborted' ? 'The request was aborted' : `Network error${code ? ` (${code as string})` : ''}`,
    operation,
    cause,
  });
}
