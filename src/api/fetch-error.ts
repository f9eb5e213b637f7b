/**
 * Turns failed fetches and error answers into {@link ApiError}s that are safe to log: no URL,
 * no request body, no header, and every known secret of the request redacted from whatever the
 * server or the runtime put into a message.
 */
import { ApiError } from './errors.js';

/** Body fields whose values must never reach an error. */
const SECRET_FIELDS = new Set(['password', 'code', 'verification_code', 'access_token', 'id_token', 'refresh_token', 'registration_token']);
/** Shorter values are not redacted: replacing them would mangle unrelated text. */
const MIN_SECRET_LENGTH = 4;
/** 5xx answers after which the same read is tried again (429 deliberately not). */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);
const REDACTED = '[redacted]';

/** Replaces every known secret of one request in a string. */
export type Redact = (text: string) => string;

/** A redactor for the secret key and the secret fields of a request body. */
export function createRedactor(secrets: readonly (string | undefined)[], body?: unknown): Redact {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  if (typeof body === 'object' && body !== null) {
    for (const [key, value] of Object.entries(body)) {
      if (SECRET_FIELDS.has(key) && typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) values.push(value);
    }
  }
  // Longest first, so a secret containing another is replaced whole.
  values.sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

function redactValue(value: unknown, redact: Redact, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 5 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELDS.has(k) ? REDACTED : redactValue(v, redact, depth + 1);
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The error for a non-2xx answer. SaaSus `{type, message, data}` bodies are kept (redacted);
 * empty and non-JSON bodies get a generic `http_<status>` type and say so in the message.
 */
export function httpError(operation: string, response: Response, text: string | undefined, redact: Redact): ApiError {
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
    const data = isRecord(parsed['data']) ? (redactValue(parsed['data'], redact, 0) as Record<string, unknown>) : undefined;
    return new ApiError({ kind: 'http', status, type: redact(parsed['type']), message: redact(parsed['message']), data, operation, traceId });
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

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/**
 * A fresh error holding only the name, redacted message and `code` of each link of a runtime
 * error chain. ofetch's `FetchError` links are skipped: their message has the URL and their
 * `options`/`request` hold the body.
 */
export function sanitizeCause(error: unknown, redact: Redact, depth = 0): Error | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const e = error as ErrorLike;
  if (e.name === 'FetchError') return sanitizeCause(e.cause, redact, depth);
  const inner = sanitizeCause(e.cause, redact, depth + 1);
  const copy = new Error(redact(typeof e.message === 'string' ? e.message : ''), inner ? { cause: inner } : undefined);
  copy.name = typeof e.name === 'string' ? e.name : 'Error';
  if (typeof e.code === 'string') Object.assign(copy, { code: e.code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** The innermost string `code` of a chain (e.g. `ECONNREFUSED`). */
function rootCode(error: Error | undefined): string | undefined {
  let code: string | undefined;
  for (let e: unknown = error, i = 0; e instanceof Error && i < 6; e = e.cause, i++) {
    const c = (e as ErrorLike).code;
    if (typeof c === 'string') code = c;
  }
  return code;
}

/** How a request ended without a response. */
export type TransportOutcome = 'network' | 'timeout' | 'aborted';

/** The error for a request that got no usable response. */
export function transportError(operation: string, outcome: TransportOutcome, error: unknown, redact: Redact, timeout: number): ApiError {
  if (outcome === 'timeout') {
    return new ApiError({ kind: 'timeout', status: 0, type: 'timeout', message: `No response within ${timeout} ms`, operation });
  }
  if (outcome === 'aborted') {
    return new ApiError({ kind: 'aborted', status: 0, type: 'aborted', message: 'The request was aborted', operation, retryable: false });
  }
  const cause = sanitizeCause(error, redact);
  const code = rootCode(cause);
  return new ApiError({ kind: 'network', status: 0, type: 'network', message: `Network error${code ? ` (${code})` : ''}`, operation, cause });
}

/**
 * The parsed body of an answer (`undefined` when empty), or the error it stands for: a non-2xx
 * answer, or a 2xx answer that is not JSON. The client and the browser transport both end here,
 * so the same answer gives the same {@link ApiError} whichever carried it.
 */
export function parseAnswer(operation: string, response: Response, text: string, redact: Redact): unknown {
  if (!response.ok) throw httpError(operation, response, text, redact);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidResponseError(operation, response);
  }
}
