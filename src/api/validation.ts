/*
 * The one e-mail check, the one code check and the self sign-up form check of the project: the
 * machines refuse a form value with them before any request, the CLI prompts with them, and the
 * proxy and the emulator validate request bodies with them. Dependency-free, so every layer (and a
 * browser bundle) can import this file. SaaSus has the last word on an address; these only catch what can never work.
 */

import type { Attribute } from './types.js';

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

/*
 * The self sign-up form's one check, pure and dependency-free: the machine refuses a form with
 * it before any request, and the proxy checks the browser's body with it before creating
 * anything. Anything that is not what a form gives is refused with a sentence, never thrown.
 */

/** A tenant or user attribute the SaaS defined. */
type AttributeDefinition = Attribute;

/** Attribute values by attribute name, typed as their definitions say. */
export type AttributeValues = Record<string, string | number | boolean>;

/** What the self sign-up form holds once checked: the tenant's name and the typed values. */
export interface SelfSignUpDetails {
  tenantName: string;
  tenantAttributes: AttributeValues;
  userAttributes: AttributeValues;
}

/** What a person is told when the tenant name is missing. */
export const TENANT_NAME_MESSAGE = 'Enter a name for your tenant.';

/** The checked form, or the sentence telling a person what to fix. */
export type DetailsCheck = { readonly ok: true; readonly value: SelfSignUpDetails } | { readonly ok: false; readonly message: string };

/** The attribute definitions a form is checked against. */
export interface AttributeDefinitions {
  tenantAttributes: readonly AttributeDefinition[];
  userAttributes: readonly AttributeDefinition[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Whether `value` is a calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

type ValueCheck = { ok: true; value: string | number | boolean } | { ok: false; message: string };

/** One attribute's value as its type says, from a typed value or a form's text. */
function attributeValue(definition: AttributeDefinition, given: unknown): ValueCheck {
  const label = definition.display_name || definition.attribute_name;
  const text = typeof given === 'string' ? given.trim() : undefined;
  switch (definition.attribute_type) {
    case 'number': {
      const value = typeof given === 'number' ? given : text !== undefined && NUMBER.test(text) ? Number(text) : Number.NaN;
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `Enter a number for ${label}.` };
    }
    case 'bool':
      // An unticked checkbox sends nothing.
      if (given === undefined || given === null || given === '') return { ok: true, value: false };
      if (typeof given === 'boolean') return { ok: true, value: given };
      return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false, message: `Choose yes or no for ${label}.` };
    case 'date':
      return text !== undefined && isCalendarDate(text) ? { ok: true, value: text } : { ok: false, message: `Enter ${label} as a date such as 2026-11-30.` };
    case 'string':
      if (text === undefined || text === '') return { ok: false, message: `Enter ${label}.` };
      return text.length <= MAX_TEXT_LENGTH ? { ok: true, value: text } : { ok: false, message: `${label} is too long (at most ${MAX_TEXT_LENGTH} characters).` };
    default:
      return { ok: false, message: `${label} has a type this app cannot fill in.` };
  }
}

type GroupCheck = { ok: true; value: AttributeValues } | { ok: false; message: string };

/** The values of one group (tenant or user attributes): every definition filled, nothing else. */
function attributeValues(definitions: readonly AttributeDefinition[], given: unknown): GroupCheck {
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    return { ok: false, message: 'The form could not be read. Please fill it in again.' };
  }
  const values = (given ?? {}) as Record<string, unknown>;
  const known = new Set(definitions.map((definition) => definition.attribute_name));
  const unknown = Object.keys(values).find((name) => !known.has(name));
  if (unknown !== undefined) return { ok: false, message: `"${unknown}" is not a field of this form.` };
  const value: AttributeValues = {};
  for (const definition of definitions) {
    const checked = attributeValue(definition, Object.hasOwn(values, definition.attribute_name) ? values[definition.attribute_name] : undefined);
    if (!checked.ok) return checked;
    value[definition.attribute_name] = checked.value;
  }
  return { ok: true, value };
}

/**
 * Checks a self sign-up form against the attribute definitions: a tenant name, and a value of
 * the right type for every tenant and user attribute (numbers and yes/no may come as text;
 * dates as `YYYY-MM-DD`). Returns the typed values, or the first problem as a sentence.
 *
 * @example checkSelfSignUp({ tenantAttributes: [], userAttributes: [] }, { tenantName: ' Acme ' }) // { ok: true, value: { tenantName: 'Acme', … } }
 */
export function checkSelfSignUp(
  definitions: AttributeDefinitions,
  form: { tenantName?: unknown; tenantAttributes?: unknown; userAttributes?: unknown },
): DetailsCheck {
  const name = typeof form.tenantName === 'string' ? form.tenantName.trim() : '';
  if (name === '') return { ok: false, message: TENANT_NAME_MESSAGE };
  if (name.length > MAX_TEXT_LENGTH) return { ok: false, message: `The tenant name is too long (at most ${MAX_TEXT_LENGTH} characters).` };
  const tenantAttributes = attributeValues(definitions.tenantAttributes, form.tenantAttributes);
  if (!tenantAttributes.ok) return tenantAttributes;
  const userAttributes = attributeValues(definitions.userAttributes, form.userAttributes);
  if (!userAttributes.ok) return userAttributes;
  return { ok: true, value: { tenantName: name, tenantAttributes: tenantAttributes.value, userAttributes: userAttributes.value } };
}
