import { HTTPResponse } from 'h3';
import { EmulatorError } from './errors.js';

/** Header every response carries (spec §1); an incoming value is kept. */
export const TRACE_HEADER = 'x-saasus-trace-id';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

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

/** The SaaSus `{type, message, data}` error response for any thrown value (never leaks internals). */
export function errorResponse(error: unknown): HTTPResponse {
  const e = error instanceof EmulatorError ? error : new EmulatorError('internal_error', 'The emulator failed to handle this request.');
  const headers: Record<string, string> = {};
  const retryAfter = e.data?.retry_after_ms;
  if (e.status === 429 && typeof retryAfter === 'number') headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfter / 1000)));
  if (e.status === 405 && typeof e.data?.allow === 'string') headers.allow = e.data.allow;
  return jsonResponse(e.status, e.toBody(), headers);
}

/** Reads a body up to `maxBytes` (413 `payload_too_large` beyond), without trusting Content-Length alone. */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new EmulatorError('payload_too_large', `The request body exceeds ${maxBytes} bytes.`, { max_bytes: maxBytes });
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away or sent a broken body: its fault, not the emulator's.
      throw new EmulatorError('invalid_parameter', 'The request body could not be read.');
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON request body: `unsupported_media_type` (415) unless `Content-Type` is
 * `application/json`, `invalid_parameter` (400) for empty, non-UTF-8 or malformed JSON.
 */
export function parseJsonBody(request: Request, raw: Uint8Array): unknown {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    throw new EmulatorError('unsupported_media_type', 'The request body must be sent as Content-Type: application/json.');
  }
  if (raw.byteLength === 0) throw new EmulatorError('invalid_parameter', 'The request body is empty; send a JSON object.');
  let text: string;
  try {
    text = decoder.decode(raw);
  } catch {
    throw new EmulatorError('invalid_parameter', 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EmulatorError('invalid_parameter', 'The request body is not valid JSON.');
  }
}

/** Whether an incoming trace id is safe to echo (printable, bounded). */
export function acceptableTraceId(value: string | null): value is string {
  return value !== null && value.length > 0 && value.length <= 128 && /^[\x21-\x7e]+$/.test(value);
}
