import type { Attribute, Role } from '../api/types.js';
import { MAX_TEXT_LENGTH } from '../api/validation.js';
import { invalidParameter } from './errors.js';
import type { Store } from './store.js';
import { MAX_DEFINITIONS } from './tenant-records.js';
import type { TenantDefinitions } from './types.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isName = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= MAX_TEXT_LENGTH;
const ATTRIBUTE_TYPES: readonly unknown[] = ['string', 'number', 'bool', 'date'];

function list<T>(given: unknown, field: string, item: (v: unknown, where: string) => T): T[] {
  if (given === undefined) return [];
  if (!Array.isArray(given) || given.length > MAX_DEFINITIONS) throw invalidParameter(`"${field}" must be a list of at most ${MAX_DEFINITIONS}.`);
  return given.map((v, i) => item(v, `${field}[${i}]`));
}

function only(v: Record<string, unknown>, where: string, keys: readonly string[]): void {
  for (const key of Object.keys(v)) if (!keys.includes(key)) throw invalidParameter(`${where} does not take "${key}".`);
}

function role(v: unknown, where: string): Role {
  if (!isRecord(v) || !isName(v.role_name) || !isName(v.display_name)) throw invalidParameter(`${where} must be {role_name, display_name} with non-empty names.`);
  only(v, where, ['role_name', 'display_name']);
  return { role_name: v.role_name, display_name: v.display_name };
}

function attribute(v: unknown, where: string): Attribute {
  if (!isRecord(v) || !isName(v.attribute_name) || !isName(v.display_name) || !ATTRIBUTE_TYPES.includes(v.attribute_type)) {
    throw invalidParameter(`${where} must be {attribute_name, display_name, attribute_type: "string" | "number" | "bool" | "date"}.`);
  }
  only(v, where, ['attribute_name', 'display_name', 'attribute_type']);
  return { attribute_name: v.attribute_name, display_name: v.display_name, attribute_type: v.attribute_type as Attribute['attribute_type'] };
}

/** Merges definitions by name (a given one replaces the one of the same name), keeping at most {@link MAX_DEFINITIONS}. */
function merge<T>(current: T[], given: T[], name: (t: T) => string, what: string): T[] {
  const merged = [...current];
  for (const item of given) {
    const at = merged.findIndex((existing) => name(existing) === name(item));
    if (at >= 0) merged[at] = item;
    else merged.push(item);
  }
  if (merged.length > MAX_DEFINITIONS) throw invalidParameter(`A SaaS has at most ${MAX_DEFINITIONS} ${what}.`);
  return merged;
}

/**
 * The control surface's seeding of roles and user / tenant attribute definitions: validates all
 * of it first (`invalid_parameter`), then merges by name. Returns every definition after the change.
 */
export function seedDefinitions(store: Store, p: unknown): TenantDefinitions {
  if (!isRecord(p)) throw invalidParameter('Send {roles?, userAttributes?, tenantAttributes?}.');
  only(p, 'The definitions', ['roles', 'userAttributes', 'tenantAttributes']);
  const roles = merge(store.state.roles, list(p.roles, 'roles', role), (r) => r.role_name, 'roles');
  const userAttributes = merge(store.state.userAttributes, list(p.userAttributes, 'userAttributes', attribute), (a) => a.attribute_name, 'user attributes');
  const tenantAttributes = merge(store.state.tenantAttributes, list(p.tenantAttributes, 'tenantAttributes', attribute), (a) => a.attribute_name, 'tenant attributes');
  Object.assign(store.state, { roles, userAttributes, tenantAttributes });
  return structuredClone({ roles, user_attributes: userAttributes, tenant_attributes: tenantAttributes });
}
