/**
 * The {@link ApiError} of each way a call can fail: an error answer, a 2xx answer that is not
 * JSON, or no answer at all. The signing client and the browser transport both build their
 * errors here, so the same failure gives the same error whichever carried it. What may hold a
 * secret passes through a {@link Redaction} (the client's; the browser transport has none).
 */
import { ApiError } from './errors.js';

/** Replaces every known secret of one request in a string. */
export type Redact = (text: string) => string;

/** How one request's secrets are kept out of its error: in text, in `data`, and in the cause chain. */
export interface Redaction {
  readonly text: Redact;
  readonly data: (value: Record<string, unknown>) => Record<string, unknown>;
  readonly cause: (error: unknown) => Error | undefined;
}

/** No redaction: for the browser transport, which holds no secret of its own. */
const NONE: Redaction = { text: (text) => text, data: (value) => value, cause: () => undefined };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The error for a non-2xx answer. SaaSus `{type, message, data}` bodies are kept (redacted);
 * empty and non-JSON bodies get a generic `http_<status>` type and say so in the message.
 */
export function httpError(operation: string, response: Response, text: string | undefined, redaction: Redaction = NONE): ApiError {
  const traceId = response.headers.get('x-saasus-trace-id') ?? undefined;
  const status = response.status;
  const statusLine = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  let parsed: unknown;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (isRecord(parsed) && typeof parsed['type'] === 'string' && typeof parsed['message'] === 'string') {
    const data = isRecord(parsed['data']) ? redaction.data(parsed['data']) : undefined;
    return new ApiError({ kind: 'http', status, type: redaction.text(parsed['type']), message: redaction.text(parsed['message']), data, operation, traceId });
  }
  const what = !text ? 'empty response body' : parsed === undefined ? 'non-JSON response body' : 'response body is not a SaaSus error';
  return new ApiError({ kind: 'http', status, type: `http_${status}`, message: `${statusLine} (${what})`, operation, traceId });
}

/** The error for a 2xx answer whose body is not JSON. */
export function invalidResponseError(operation: string, response: Response): ApiError {
  return new ApiError({
    kind: 'http',
    status: response.status,
    type: 'invalid_response',
    message: `HTTP ${response.status}: the response body is not JSON`,
    operation,
    traceId: response.headers.get('x-saasus-trace-id') ?? undefined,
    retryable: false,
  });
}

/**
 * The parsed body of an answer (`undefined` when empty), or the error it stands for: a non-2xx
 * answer, or a 2xx answer that is not JSON.
 */
export function parseAnswer(operation: string, response: Response, text: string, redaction?: Redaction): unknown {
  if (!response.ok) throw httpError(operation, response, text, redaction);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidResponseError(operation, response);
  }
}

/** The innermost string `code` of an error chain (e.g. `ECONNREFUSED`). */
function rootCode(error: unknown): string | undefined {
  let code: string | undefined;
  for (let e: unknown = error, i = 0; typeof e === 'object' && e !== null && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') code = c;
  }
  return code;
}

/** How a request ended without a response. */
export type TransportOutcome = 'network' | 'timeout' | 'aborted';

/** The error for a request that got no usable response. */
export function transportError(operation: string, outcome: TransportOutcome, error: unknown, timeout: number, redaction: Redaction = NONE): ApiError {
  if (outcome === 'timeout') {
    return new ApiError({ kind: 'timeout', status: 0, type: 'timeout', message: `No response within ${timeout} ms`, operation });
  }
  if (outcome === 'aborted') {
    return new ApiError({ kind: 'aborted', status: 0, type: 'aborted', message: 'The request was aborted', operation, retryable: false });
  }
  const code = rootCode(error);
  return new ApiError({ kind: 'network', status: 0, type: 'network', message: `Network error${code ? ` (${code})` : ''}`, operation, cause: redaction.cause(error) });
}
