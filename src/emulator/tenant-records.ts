/*
 * The tenant part of the emulator's state as the wire sees it: envs, roles per env, attribute
 * values checked against their definitions, and the `UserAvailableTenant` of `/userinfo`.
 * A leaf module (types and errors only), so `users.ts` and the tenant operations both use it.
 */
import type { Attribute, Attributes, Env, UserAvailableEnv, UserAvailableTenant } from '../api/types.js';
import { EmulatorError, invalidParameter } from './errors.js';
import { ADMIN_ROLE, type EmulatorState, type TenantRecord, type TenantUserRecord } from './state.js';

/** The three envs of a new SaaS; 3 is production, the env SaaSus's sample apps give roles in. */
export const ENVS: readonly Required<Env>[] = [
  { id: 1, name: 'dev', display_name: '開発環境' },
  { id: 2, name: 'stg', display_name: 'ステージング環境' },
  { id: 3, name: 'prod', display_name: '本番環境' },
];

/** The production env's id. */
export const PRODUCTION_ENV_ID = 3;

/** Most definitions of one kind (roles, user attributes, tenant attributes) a SaaS may have. */
export const MAX_DEFINITIONS = 100;

/** The env with this id, or `undefined`. */
export function envById(id: number): Required<Env> | undefined {
  return ENVS.find((env) => env.id === id);
}

/** The env of a path's `env_id`: `invalid_parameter` unless an integer, `env_not_found` unless one of the envs. */
export function envOfPath(raw: string): Required<Env> {
  if (!/^\d{1,9}$/.test(raw)) throw invalidParameter('The env id must be an integer.');
  const env = envById(Number(raw));
  if (!env) throw new EmulatorError('env_not_found', `Env ${raw} does not exist (the envs are ${ENVS.map((e) => e.id).join(', ')}).`);
  return env;
}

/** A fresh membership; `roles` (per env id) given for the buyer of a Marketplace tenant. */
export function newTenantUser(now: number, envs: Record<string, string[]> = {}, attributes: Attributes = {}): TenantUserRecord {
  return { attributes, envs, createdAt: now };
}

/** The membership the first member of a seeded or Marketplace tenant gets: `admin` in production. */
export function adminTenantUser(now: number): TenantUserRecord {
  return newTenantUser(now, { [String(PRODUCTION_ENV_ID)]: [ADMIN_ROLE.role_name] });
}

/** A member's record; members without one (never written by the emulator) hold no roles. */
export function tenantUserOf(tenant: TenantRecord, userId: string): TenantUserRecord | undefined {
  return Object.hasOwn(tenant.tenantUsers, userId) ? tenant.tenantUsers[userId] : undefined;
}

/** The envs a member holds roles in, by env id, with each role's display name. */
export function availableEnvs(state: EmulatorState, envs: Record<string, string[]>): UserAvailableEnv[] {
  const display = new Map(state.roles.map((role) => [role.role_name, role.display_name]));
  return ENVS.flatMap((env) => {
    const names = Object.hasOwn(envs, String(env.id)) ? (envs[String(env.id)] ?? []) : [];
    if (names.length === 0) return [];
    return [{ id: env.id, name: env.name, display_name: env.display_name, roles: names.map((name) => ({ role_name: name, display_name: display.get(name) ?? name })) }];
  });
}

/** One entry of `/userinfo`'s `tenants`: the tenant with the member's roles per env and attribute values. */
export function toAvailableTenant(state: EmulatorState, tenant: TenantRecord, userId: string): UserAvailableTenant {
  const membership = tenantUserOf(tenant, userId);
  return {
    id: tenant.id,
    name: tenant.name,
    completed_sign_up: true,
    envs: availableEnvs(state, membership?.envs ?? {}),
    user_attribute: structuredClone(membership?.attributes ?? {}),
    back_office_staff_email: tenant.backOfficeStaffEmail,
  };
}

/** Whether a string is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const TYPE_WORDS = { string: 'text', number: 'a number', bool: 'true or false', date: 'a date written YYYY-MM-DD' } as const;

function fits(definition: Attribute, value: unknown): boolean {
  switch (definition.attribute_type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && isIsoDate(value);
  }
}

/**
 * Checks attribute values against their definitions (`kind`: "tenant" or "user"): every key
 * defined, every value of its type (`null` = no value, dropped). Returns a fresh object of the
 * values; `invalid_parameter` naming the attribute otherwise.
 */
export function checkAttributeValues(definitions: readonly Attribute[], values: Attributes, kind: 'tenant' | 'user'): Attributes {
  const byName = new Map(definitions.map((d) => [d.attribute_name, d]));
  const checked: [string, unknown][] = [];
  for (const [name, value] of Object.entries(values)) {
    const definition = byName.get(name);
    if (!definition) {
      const known = definitions.map((d) => d.attribute_name).join(', ');
      throw invalidParameter(`"${name}" is not a ${kind} attribute of this SaaS (${known === '' ? 'none are defined' : `defined: ${known}`}).`);
    }
    if (value === null) continue;
    if (!fits(definition, value)) {
      throw invalidParameter(`The ${kind} attribute "${name}" (${definition.display_name}) must be ${TYPE_WORDS[definition.attribute_type]}.`);
    }
    checked.push([name, value]);
  }
  // fromEntries defines own properties: a "__proto__" key stays data.
  return Object.fromEntries(checked);
}
