import { assertBodySize, HTTPError, HTTPResponse, type H3Event } from 'h3';
import { EmulatorError } from './errors.js';

/** Header every response carries, as SaaSus sends it; an incoming value is kept. */
export const TRACE_HEADER = 'x-saasus-trace-id';

/** `Content-Type` of every JSON answer. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const JSON_HEADERS = { 'content-type': JSON_CONTENT_TYPE } as const;

/** A value as JSON text, or `undefined` for no body. */
export function serialize(body: unknown): string | undefined {
  return body === undefined ? undefined : JSON.stringify(body);
}

/**
 * A response with JSON text already serialised; `undefined` gives an empty body. Built as h3's
 * `HTTPResponse`, which h3 turns into the runtime's fast Response (one write on node:http).
 */
export function jsonTextResponse(status: number, text: string | undefined, headers?: Record<string, string>): HTTPResponse {
  if (text === undefined) return new HTTPResponse(null, { status, headers: { 'content-length': '0', ...headers } });
  return new HTTPResponse(text, { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** A JSON response; `undefined` gives an empty body (operations without a response schema). */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): HTTPResponse {
  return jsonTextResponse(status, serialize(body), headers);
}

/** An answer before it becomes a response: status, JSON text (`undefined`: empty body), extra headers. */
export interface Answer {
  status: number;
  text: string | undefined;
  headers?: Record<string, string>;
}

/** The SaaSus `{type, message, data}` error answer for any thrown value (never leaks internals). */
export function errorAnswer(error: unknown): Answer {
  const e = error instanceof EmulatorError ? error : new EmulatorError('internal_error', 'The emulator failed to handle this request.');
  const headers: Record<string, string> = {};
  const retryAfter = e.data?.retry_after_ms;
  if (e.status === 429 && typeof retryAfter === 'number') headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfter / 1000)));
  if (e.status === 405 && typeof e.data?.allow === 'string') headers.allow = e.data.allow;
  return { status: e.status, text: serialize(e.toBody()), headers };
}

/** The SaaSus `{type, message, data}` error response for any thrown value (never leaks internals). */
export function errorResponse(error: unknown): HTTPResponse {
  const answer = errorAnswer(error);
  return jsonTextResponse(answer.status, answer.text, answer.headers);
}

/** Deepest JSON nesting accepted in a request body (arrays and objects). */
export const MAX_JSON_DEPTH = 32;

/**
 * Reads the whole body with h3's limit (`assertBodySize`: an honest Content-Length over the
 * limit is refused up front, a lying or chunked one while reading): 413 `payload_too_large`
 * beyond `maxBytes`, 400 `invalid_parameter` for a body that cannot be read.
 */
export async function readBody(event: H3Event, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new EmulatorError('payload_too_large', `The request body exceeds ${maxBytes} bytes.`, { max_bytes: maxBytes });
  try {
    assertBodySize(event, maxBytes);
    return new Uint8Array(await event.req.arrayBuffer());
  } catch (error) {
    if (HTTPError.isError(error) && error.status === 413) throw tooLarge();
    // Content-Length with Transfer-Encoding, a client that went away, a broken stream: its fault.
    throw new EmulatorError('invalid_parameter', 'The request body could not be read.');
  }
}

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by one scan of the text
 * (brackets inside strings do not count) before `JSON.parse` builds anything.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Whether a value nests arrays and objects deeper than `max` (iterative: no stack to exhaust).
 * A cycle counts as too deep: it could never be written as JSON.
 */
export function valueNestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [v, depth] = next;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Deepest nesting of an imported state: attributes accepted at {@link MAX_JSON_DEPTH} in a
 * request body (`{attributes}`) sit two levels deeper in the state (`state.users[id].attributes`).
 */
export const MAX_STATE_DEPTH = MAX_JSON_DEPTH + 2;

/** `invalid_parameter` for a body or value nested deeper than `max`. */
export function tooDeep(max = MAX_JSON_DEPTH): EmulatorError {
  return new EmulatorError('invalid_parameter', `The JSON nests arrays and objects deeper than ${max} levels.`, { max_depth: max });
}

/** Whether a `Content-Type` header names JSON. */
export function isJsonContentType(type: string | null): boolean {
  return /^application\/json\s*(;|$)/i.test((type ?? '').trim());
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON request body: `unsupported_media_type` (415) unless `Content-Type` is
 * `application/json`, `invalid_parameter` (400) for empty, non-UTF-8, malformed JSON or JSON
 * nested deeper than {@link MAX_JSON_DEPTH}.
 */
export function parseJsonBody(request: Request, raw: Uint8Array, maxDepth = MAX_JSON_DEPTH): unknown {
  return parseJsonBytes(request.headers.get('content-type'), raw, maxDepth);
}

/** {@link parseJsonBody} given the `Content-Type` header value. */
export function parseJsonBytes(contentType: string | null, raw: Uint8Array, maxDepth = MAX_JSON_DEPTH): unknown {
  if (!isJsonContentType(contentType)) {
    throw new EmulatorError('unsupported_media_type', 'The request body must be sent as Content-Type: application/json.');
  }
  if (raw.byteLength === 0) throw new EmulatorError('invalid_parameter', 'The request body is empty; send a JSON object.');
  let text: string;
  try {
    text = decoder.decode(raw);
  } catch {
    throw new EmulatorError('invalid_parameter', 'The request body is not valid UTF-8.');
  }
  if (jsonNestsDeeperThan(text, maxDepth)) throw tooDeep(maxDepth);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EmulatorError('invalid_parameter', 'The request body is not valid JSON.');
  }
}

/** The same response without its body (headers and status as they were). */
function withoutBody(response: HTTPResponse): HTTPResponse {
  return new HTTPResponse(null, { status: response.status ?? 200, headers: response.headers });
}

/**
 * The `HEAD` twin of a `GET` handler: it runs the handler (as HTTP defines HEAD) and answers its
 * status and headers, failures included, without a body.
 */
export function headOf(handler: (event: H3Event) => Promise<HTTPResponse> | HTTPResponse): (event: H3Event) => Promise<HTTPResponse> {
  return async (event) => {
    try {
      return withoutBody(await handler(event));
    } catch (error) {
      return withoutBody(errorResponse(error));
    }
  };
}

/** Whether an incoming trace id is safe to echo (printable, bounded). */
export function acceptableTraceId(value: string | null): value is string {
  return value !== null && value.length > 0 && value.length <= 128 && /^[\x21-\x7e]+$/.test(value);
}
