/*
 * The one e-mail check and the one code check of the project: the machines refuse a form value
 * with them before any request, the CLI prompts with them, and the proxy and the emulator
 * validate request bodies with them. Dependency-free, so every layer (and a browser bundle) can
 * import this file. SaaSus has the last word on an address; these only catch what can never work.
 */

/** Characters that never appear unquoted in a deliverable address: whitespace and RFC 5322 specials. */
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\].]+(?:\.[^\s@"(),:;<>[\\\].]+)+$/;

/** Longest address SaaSus (Cognito) accepts. */
export const MAX_EMAIL_LENGTH = 256;

/** What a person is told when an address is refused. */
export const EMAIL_MESSAGE = 'Enter an e-mail address such as name@example.com.';

/** What a person is told when a 6-digit code is refused. */
export const CODE_MESSAGE = 'Enter the 6-digit code.';

/**
 * Whether `value` is an address worth sending: a string with one `@`, a dotted domain, no
 * spaces or specials, at most 256 characters (after trimming). Anything that is not a string is
 * `false`, never an exception.
 *
 * @example isWellFormedEmail(' ann@example.com ') // true
 */
export function isWellFormedEmail(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const email = value.trim();
  return email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email);
}

/**
 * Whether `value` is a mailed or authenticator code: exactly six digits (after trimming).
 * Anything that is not a string is `false`.
 *
 * @example isSixDigitCode('012345') // true
 */
export function isSixDigitCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{6}$/.test(value.trim());
}

/** Longest text field (tokens, ids, names, passwords) accepted in a request body. */
export const MAX_TEXT_LENGTH = 4096;

/** What a body field may hold, as read from the operations table. */
export interface FieldRule {
  readonly type: 'email' | 'code' | 'text' | 'password' | 'boolean' | 'object' | 'mfaMethod' | 'names' | 'attributeType' | 'envRoles';
  readonly required: boolean;
  readonly label: string;
  readonly requiredWhen?: string;
}

/** The checked body, or the sentence telling a person what to fix. */
export type BodyCheck = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly message: string };

/** Most items accepted in a list field (role names, envs of an invitation). */
export const MAX_LIST_LENGTH = 100;

const isName = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= MAX_TEXT_LENGTH;

/** The problem with a list of names (`role_names`), or `undefined`. */
function namesProblem(label: string, value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST_LENGTH || !value.every(isName)) {
    return `The ${label} must be a list of 1 to ${MAX_LIST_LENGTH} non-empty names.`;
  }
  return undefined;
}

const an = (label: string) => (/^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`);

/** The problem with one present value, or `undefined`. */
function fieldProblem(rule: FieldRule, value: unknown): string | undefined {
  switch (rule.type) {
    case 'email':
      return isWellFormedEmail(value) ? undefined : EMAIL_MESSAGE;
    case 'code':
      return isSixDigitCode(value) ? undefined : rule.label === 'code' ? CODE_MESSAGE : `Enter the 6-digit ${rule.label}.`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `The ${rule.label} must be true or false.`;
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : `The ${rule.label} must be a JSON object.`;
    case 'names':
      return namesProblem(rule.label, value);
    case 'attributeType':
      return value === 'string' || value === 'number' || value === 'bool' || value === 'date'
        ? undefined
        : `The ${rule.label} must be "string", "number", "bool" or "date".`;
    case 'envRoles':
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST_LENGTH) return `The ${rule.label} must be a list of 1 to ${MAX_LIST_LENGTH} envs.`;
      for (const env of value as unknown[]) {
        if (typeof env !== 'object' || env === null || Array.isArray(env)) return `Each of the ${rule.label} must be an object {id, role_names}.`;
        const { id, role_names, ...rest } = env as Record<string, unknown>;
        if (Object.keys(rest).length > 0) return `Each of the ${rule.label} takes only "id" and "role_names".`;
        if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return `Each of the ${rule.label} needs an integer env "id".`;
        const problem = namesProblem('role names', role_names);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'mfaMethod':
      return value === 'softwareToken' || value === 'email' ? undefined : `The ${rule.label} must be "softwareToken" (authenticator app) or "email".`;
    default:
      if (typeof value !== 'string' || value.trim() === '') return `Enter ${an(rule.label)}.`;
      return value.length > MAX_TEXT_LENGTH ? `The ${rule.label} is too long (at most ${MAX_TEXT_LENGTH} characters).` : undefined;
  }
}

/**
 * Checks a parsed JSON body against an operation's fields (from the operations table): a JSON
 * object, no field the operation does not take, required fields present, each value of its type.
 * `null` counts as absent for an optional field. Messages are for a person, never a field name.
 *
 * @example checkBody(operations.signUp.body, { email: 'x' }) // { ok: false, message: 'Enter an e-mail address such as name@example.com.' }
 */
export function checkBody(fields: Readonly<Record<string, FieldRule>>, body: unknown): BodyCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'The request body must be a JSON object.' };
  const given = body as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(fields, name)) return { ok: false, message: `This request does not take "${name}".` };
  }
  const value: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(fields)) {
    const v = given[name];
    if (v === undefined || (v === null && !rule.required)) {
      const required = rule.required || (rule.requiredWhen !== undefined && given[rule.requiredWhen] === true);
      if (required) return { ok: false, message: rule.type === 'email' ? EMAIL_MESSAGE : rule.type === 'code' ? fieldProblem(rule, '') ?? CODE_MESSAGE : `Give ${an(rule.label)}.` };
      continue;
    }
    const problem = fieldProblem(rule, v);
    if (problem !== undefined) return { ok: false, message: problem };
    value[name] = v;
  }
  return { ok: true, value };
}
