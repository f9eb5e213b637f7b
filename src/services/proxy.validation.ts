import type { ErrorBody } from '../api/types.js';

/** Rule for one field of a proxy request body. */
export type FieldRule =
  | { readonly kind: 'string'; readonly required: boolean; readonly maxLength: number }
  | { readonly kind: 'boolean'; readonly required: boolean }
  | { readonly kind: 'enum'; readonly required: boolean; readonly values: readonly string[] };

/** The fields a route accepts; anything else is rejected. */
export type BodySchema = Readonly<Record<string, FieldRule>>;

/** A JSON object whose fields passed their {@link BodySchema}. */
export type ValidBody = Readonly<Record<string, string | boolean>>;

/** A refused request: the status and the SaaSus-shaped error body to answer with. */
export interface InputFailure {
  readonly ok: false;
  readonly status: number;
  readonly body: ErrorBody;
}

/** A parsed, accepted value, or the refusal to answer with. */
export type InputResult<T> = { readonly ok: true; readonly value: T } | InputFailure;

/** Fields that identify a user: the proxy takes them from the session, never from the body. */
const IDENTITY_FIELDS = new Set(['user_id', 'userId', 'access_token', 'accessToken']);

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function invalid(message: string, status = 400): InputFailure {
  return { ok: false, status, body: { type: 'invalid_parameter', message } };
}

/** Reads at most `limit` bytes of the body as UTF-8; `undefined` when it is larger. */
async function readBounded(request: Request, limit: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(all);
}

/**
 * Reads a JSON object body of at most `limit` bytes. The body must be sent as
 * `application/json` (which also keeps cross-site HTML forms out); an empty body reads as `{}`.
 */
export async function readJsonObject(request: Request, limit: number): Promise<InputResult<Record<string, unknown>>> {
  const type = request.headers.get('content-type');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return invalid(`The request body is larger than ${limit} bytes.`);
  if (type === null || !JSON_TYPE.test(type)) {
    return invalid('Send the request body as JSON (Content-Type: application/json).', 415);
  }
  let text: string | undefined;
  try {
    text = await readBounded(request, limit);
  } catch {
    return invalid('The request body could not be read as UTF-8 text.');
  }
  if (text === undefined) return invalid(`The request body is larger than ${limit} bytes.`);
  if (text.trim() === '') return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalid('The request body must be a JSON object.');
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

function checkField(name: string, rule: FieldRule, value: unknown): string | undefined {
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') return `"${name}" must be a string.`;
      if (value.trim() === '') return `"${name}" must not be empty.`;
      if (value.length > rule.maxLength) return `"${name}" must be at most ${rule.maxLength} characters.`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `"${name}" must be true or false.`;
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value)
        ? undefined
        : `"${name}" must be one of ${rule.values.map((v) => `"${v}"`).join(', ')}.`;
  }
}

/**
 * Checks a parsed body against a schema: identity fields refused, unknown fields refused,
 * required fields present, every field of its type. Returns the first problem found.
 */
export function validateBody(body: Record<string, unknown>, schema: BodySchema): InputResult<ValidBody> {
  const out: Record<string, string | boolean> = {};
  for (const name of Object.keys(body)) {
    if (IDENTITY_FIELDS.has(name)) {
      return invalid(`"${name}" is not accepted: the user is taken from your session.`);
    }
    if (!Object.hasOwn(schema, name)) return invalid(`Unknown field "${name}".`);
  }
  for (const [name, rule] of Object.entries(schema)) {
    const value = body[name];
    if (value === undefined) {
      if (rule.required) return invalid(`"${name}" is required.`);
      continue;
    }
    const problem = checkField(name, rule, value);
    if (problem !== undefined) return invalid(problem);
    if (typeof value === 'string' || typeof value === 'boolean') out[name] = value;
  }
  return { ok: true, value: out };
}

/** A required string field of at most `maxLength` characters. */
export const requiredString = (maxLength: number): FieldRule => ({ kind: 'string', required: true, maxLength });
/** An optional string field of at most `maxLength` characters. */
export const optionalString = (maxLength: number): FieldRule => ({ kind: 'string', required: false, maxLength });
