import type { Attribute } from './types.js';
import { MAX_TEXT_LENGTH } from './validation.js';

/*
 * The self sign-up form's one check, pure and dependency-free (it sits with the API layer's validators so both may import it): the machine refuses a form with
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
