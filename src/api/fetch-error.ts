/**
 * Keeps the signing client's errors safe to log: no URL, no request body, no header, and every
 * known secret of the request redacted from whatever the server or the runtime put into a
 * message, into `data` or into the cause chain.
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

/** Body fields whose values must never reach an error. */
const SECRET_FIELDS = new Set(['password', 'code', 'verification_code', 'access_token', 'id_token', 'refresh_token', 'registration_token']);
/** Shorter values are not redacted: replacing them would mangle unrelated text. */
const MIN_SECRET_LENGTH = 4;
/** 5xx answers after which the same read is tried again (429 deliberately not). */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);
const REDACTED = '[redacted]';

/** The redaction of one request: the secret key, the given secrets and the secret fields of its body. */
export function createRedaction(secrets: readonly (string | undefined)[], body?: unknown): Redaction {
  const text = createRedactor(secrets, body);
  return { text, data: (value) => redactValue(value, text, 0) as Record<string, unknown>, cause: (error) => sanitizeCause(error, text) };
}

/**
 * The error `parseAnswer` threw for an answer, with the request's secrets redacted from its
 * `type`, `message` and `data` (what the server wrote); every other field as it was.
 */
export function redactAnswerError(error: ApiError, redaction: Redaction): ApiError {
  const { kind, status, type, message, data, operation, traceId, retryable } = error;
  return new ApiError({ kind, status, type: redaction.text(type), message: redaction.text(message), data: data && redaction.data(data), operation, traceId, retryable });
}

/**
 * The forms a secret can take in text a server or a runtime wrote: as it is, JSON-escaped (with
 * and without `\uXXXX` for every non-ASCII character), URL-encoded (either hex case) and form-encoded.
 */
function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const url = encodeURIComponent(secret);
  const lowerHexUrl = url.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
  return [...new Set([secret, json, asciiJson, url, url.replace(/%20/g, '+'), lowerHexUrl])];
}

/** A redactor for the secret key and the secret fields of a request body, in every spelling of {@link spellings}. */
export function createRedactor(secrets: readonly (string | undefined)[], body?: unknown): Redact {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  if (typeof body === 'object' && body !== null) {
    for (const [key, value] of Object.entries(body)) {
      if (SECRET_FIELDS.has(key) && typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) values.push(value);
    }
  }
  // No spelling is shorter than the secret it spells, so every form has MIN_SECRET_LENGTH characters too.
  const forms = [...new Set(values.flatMap(spellings))];
  // Longest first, so a secret containing another is replaced whole.
  forms.sort((a, b) => b.length - a.length);
  return (text) => forms.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(REDACTED) : out), text);
}

/** Deeper than this (the emulator's own JSON nesting limit), a value is replaced whole: redaction fails closed. */
const MAX_DEPTH = 32;

/**
 * `value` with every secret redacted from its strings and its keys, at any depth; with
 * `secretFields`, the values of secret fields (`password`, `code`, …) are replaced whole too.
 */
function redactValue(value: unknown, redact: Redact, depth: number, secretFields = true): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact, depth + 1, secretFields));
  const out: Record<string, unknown> = {};
  // Keys are redacted too: a server may echo a secret as a field name.
  for (const [k, v] of Object.entries(value)) out[redact(k)] = secretFields && SECRET_FIELDS.has(k) ? REDACTED : redactValue(v, redact, depth + 1, secretFields);
  return out;
}

/**
 * `value` (an answer about to be sent on) with each of `secrets` redacted wherever it shows up,
 * in every spelling the client's errors are cleaned of: the proxy's redaction of the session's
 * access token. Field values are kept otherwise (an answer's own `code` is not a secret of the caller).
 */
export function redactSecrets(value: unknown, secrets: readonly (string | undefined)[]): unknown {
  return redactValue(value, createRedactor(secrets), 0, false);
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/**
 * A fresh error holding only the name, redacted message and `code` of each link of a runtime
 * error chain. `FetchError` links (ofetch, when given as `fetch`) are skipped: their message has the URL and their
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

