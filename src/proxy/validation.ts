import type { ErrorBody } from '../api/types.js';
import { readBoundedText } from '../api/body.js';
import { checkBody, type FieldRule } from '../api/validation.js';

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

/**
 * Reads a JSON object body of at most `limit` bytes. The body must be sent as
 * `application/json` (which also keeps cross-site HTML forms out); an empty body reads as `{}`.
 */
export async function readJsonObject(request: Request, limit: number): Promise<InputResult<Record<string, unknown>>> {
  const type = request.headers.get('content-type');
  // Stryker disable next-line StringLiteral: Number('') is 0 as well
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return invalid(`The request body is larger than ${limit} bytes.`);
  // No header reads as "null", which is no JSON type either.
  if (!JSON_TYPE.test(String(type))) {
    return invalid('Send the request body as JSON (Content-Type: application/json).', 415);
  }
  let text: string | undefined;
  try {
    text = await readBoundedText(request, limit);
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

/**
 * Checks a parsed body against the fields the browser may send for an operation (its row in the
 * operations table, without `access_token`): a user named in the body is refused, then
 * `checkBody` from `api/validation.ts` (unknown fields, required fields, types) with messages a
 * person can act on. Returns the first problem found.
 */
export function validateBody(body: Record<string, unknown>, fields: Readonly<Record<string, FieldRule>>): InputResult<Record<string, unknown>> {
  for (const name of Object.keys(body)) {
    if (IDENTITY_FIELDS.has(name)) return invalid(`Do not send "${name}": the proxy acts for the user of your session.`);
  }
  const checked = checkBody(fields, body);
  return checked.ok ? { ok: true, value: checked.value } : invalid(checked.message);
}
