import type { Attribute, Attributes, Envs, Role, Roles, Tenant, TenantAttributes, TenantDetail, Tenants, TenantUser, TenantUsers, UserAttributes } from '../api/types.js';
import { EmulatorError, invalidParameter } from './errors.js';
import type { OpHandlers } from './op-handler.js';
import { toTenant } from './ops-sign-up.js';
import type { EmulatorState, TenantRecord, TenantUserRecord } from './state.js';
import type { Store } from './store.js';
import { availableEnvs, checkAttributeValues, ENVS, envOfPath, MAX_DEFINITIONS, newTenantUser, tenantUserOf } from './tenant-records.js';
import { findUserByEmail, requireUser } from './users.js';

/** The tenant with this id, or `tenant_not_found`. */
export function requireTenant(store: Store, tenantId: string): TenantRecord {
  const tenant = Object.hasOwn(store.state.tenants, tenantId) ? store.state.tenants[tenantId] : undefined;
  if (!tenant) throw new EmulatorError('tenant_not_found', `Tenant ${tenantId} does not exist.`);
  return tenant;
}

/** A member of the tenant with their record, or `user_not_found`. */
function requireMember(tenant: TenantRecord, userId: string): TenantUserRecord {
  const membership = tenant.members.includes(userId) ? tenantUserOf(tenant, userId) : undefined;
  if (!membership) throw new EmulatorError('user_not_found', `User ${userId} is not a user of tenant ${tenant.id}.`);
  return membership;
}

/** Wire shape of a tenant user (`User`). */
export function toTenantUser(store: Store, tenant: TenantRecord, userId: string): TenantUser {
  const user = requireUser(store, userId);
  const membership = requireMember(tenant, userId);
  return {
    id: user.id,
    tenant_id: tenant.id,
    tenant_name: tenant.name,
    email: user.email,
    attributes: structuredClone(membership.attributes),
    envs: availableEnvs(store.state, membership.envs),
  };
}

/** Role names that are all roles of the SaaS, or `invalid_parameter` naming the first unknown one. */
export function assertRolesExist(state: EmulatorState, names: readonly string[]): void {
  for (const name of names) {
    if (!state.roles.some((role) => role.role_name === name)) throw invalidParameter(`"${name}" is not a role of this SaaS.`);
  }
}

/** Adds role names to a membership's env (no duplicates). */
export function grantRoles(membership: TenantUserRecord, envId: number, names: readonly string[]): void {
  const key = String(envId);
  const held = Object.hasOwn(membership.envs, key) ? (membership.envs[key] ?? []) : [];
  membership.envs[key] = [...held, ...names.filter((name, i) => !held.includes(name) && names.indexOf(name) === i)];
}

/** Adds a SaaS user to a tenant (no roles yet). */
export function addMember(store: Store, tenant: TenantRecord, userId: string, attributes: Attributes): TenantUserRecord {
  const membership = newTenantUser(store.now(), {}, attributes);
  tenant.members.push(userId);
  tenant.tenantUsers[userId] = membership;
  return membership;
}

/** Checks and adds an attribute definition or role: unique name, at most {@link MAX_DEFINITIONS}. */
function addDefinition<T extends object>(list: T[], item: T, name: (t: T) => string, what: string): T {
  if (list.some((existing) => name(existing) === name(item))) throw new EmulatorError('already_exists', `A ${what} named "${name(item)}" already exists.`);
  if (list.length >= MAX_DEFINITIONS) throw invalidParameter(`A SaaS has at most ${MAX_DEFINITIONS} ${what}s.`);
  list.push(item);
  return structuredClone(item);
}

/**
 * Removes the attribute definition named `name` from `list` (`attribute_not_found` when there is
 * none) and drops the values stored under that name from every holder: a deleted attribute is no
 * longer returned anywhere, and defining it again does not bring old values back.
 */
function deleteDefinition(list: Attribute[], name: string, holders: Iterable<{ attributes: Attributes }>, what: string): void {
  const at = list.findIndex((definition) => definition.attribute_name === name);
  if (at < 0) throw new EmulatorError('attribute_not_found', `No ${what} is named "${name}".`);
  list.splice(at, 1);
  for (const holder of holders) {
    if (Object.hasOwn(holder.attributes, name)) holder.attributes = Object.fromEntries(Object.entries(holder.attributes).filter(([key]) => key !== name));
  }
}

const byCreation = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** Tenants, tenant users, roles per env, attribute definitions and envs. */
export const tenantHandlers: OpHandlers<
  | 'getTenants' | 'createTenant' | 'getTenant' | 'updateTenant' | 'deleteTenant'
  | 'getTenantUsers' | 'createTenantUser' | 'getTenantUser' | 'updateTenantUser' | 'deleteTenantUser'
  | 'createTenantUserRoles' | 'deleteTenantUserRole' | 'getRoles' | 'createRole'
  | 'getUserAttributes' | 'createUserAttribute' | 'deleteUserAttribute'
  | 'getTenantAttributes' | 'createTenantAttribute' | 'deleteTenantAttribute' | 'getEnvs'
> = {
  getTenants: (store): Tenants => ({ tenants: Object.values(store.state.tenants).sort(byCreation).map(toTenant) }),

  createTenant: (store, _params, body): Tenant => {
    const attributes = checkAttributeValues(store.state.tenantAttributes, body.attributes, 'tenant');
    const tenant: TenantRecord = {
      id: store.rand.uuid(),
      name: body.name,
      attributes,
      backOfficeStaffEmail: body.back_office_staff_email,
      members: [],
      tenantUsers: {},
      createdAt: store.now(),
    };
    store.state.tenants[tenant.id] = tenant;
    return toTenant(tenant);
  },

  getTenant: (store, params): TenantDetail => toTenant(requireTenant(store, params.tenant_id)),

  updateTenant: (store, params, body) => {
    const tenant = requireTenant(store, params.tenant_id);
    const attributes = checkAttributeValues(store.state.tenantAttributes, body.attributes, 'tenant');
    tenant.name = body.name;
    tenant.attributes = attributes;
    tenant.backOfficeStaffEmail = body.back_office_staff_email;
    return undefined;
  },

  deleteTenant: (store, params) => {
    const tenant = requireTenant(store, params.tenant_id);
    delete store.state.tenants[tenant.id];
    for (const [id, invitation] of Object.entries(store.state.invitations)) if (invitation.tenantId === tenant.id) delete store.state.invitations[id];
    return undefined;
  },

  getTenantUsers: (store, params): TenantUsers => {
    const tenant = requireTenant(store, params.tenant_id);
    return { users: tenant.members.filter((id) => Object.hasOwn(store.state.users, id)).map((id) => toTenantUser(store, tenant, id)) };
  },

  createTenantUser: (store, params, body): TenantUser => {
    const tenant = requireTenant(store, params.tenant_id);
    // Only an existing SaaS user joins a tenant; sign-up or createSaasUser makes one first.
    const user = findUserByEmail(store, body.email);
    if (!user) throw new EmulatorError('user_not_found', 'No SaaS user has this e-mail address; create the SaaS user first.');
    if (tenant.members.includes(user.id)) throw new EmulatorError('already_exists', 'The user is already a user of this tenant.');
    const attributes = checkAttributeValues(store.state.userAttributes, body.attributes, 'user');
    addMember(store, tenant, user.id, attributes);
    return toTenantUser(store, tenant, user.id);
  },

  getTenantUser: (store, params): TenantUser => toTenantUser(store, requireTenant(store, params.tenant_id), params.user_id),

  updateTenantUser: (store, params, body) => {
    const membership = requireMember(requireTenant(store, params.tenant_id), params.user_id);
    // The given keys are merged into the values (a null value removes one), as updateSaasUserAttributes does.
    const given = checkAttributeValues(store.state.userAttributes, body.attributes, 'user');
    const removed = new Set(Object.entries(body.attributes).filter(([, v]) => v === null).map(([k]) => k));
    membership.attributes = Object.fromEntries([...Object.entries(membership.attributes).filter(([k]) => !removed.has(k) && !Object.hasOwn(given, k)), ...Object.entries(given)]);
    return undefined;
  },

  deleteTenantUser: (store, params) => {
    const tenant = requireTenant(store, params.tenant_id);
    requireMember(tenant, params.user_id);
    tenant.members = tenant.members.filter((id) => id !== params.user_id);
    delete tenant.tenantUsers[params.user_id];
    return undefined;
  },

  createTenantUserRoles: (store, params, body) => {
    const membership = requireMember(requireTenant(store, params.tenant_id), params.user_id);
    const env = envOfPath(params.env_id);
    assertRolesExist(store.state, body.role_names);
    grantRoles(membership, env.id, body.role_names);
    return undefined;
  },

  deleteTenantUserRole: (store, params) => {
    const membership = requireMember(requireTenant(store, params.tenant_id), params.user_id);
    const key = String(envOfPath(params.env_id).id);
    const held = Object.hasOwn(membership.envs, key) ? (membership.envs[key] ?? []) : [];
    if (!held.includes(params.role_name)) throw new EmulatorError('role_not_found', `The user holds no role "${params.role_name}" in env ${key}.`);
    const left = held.filter((name) => name !== params.role_name);
    if (left.length === 0) delete membership.envs[key];
    else membership.envs[key] = left;
    return undefined;
  },

  getRoles: (store): Roles => ({ roles: structuredClone(store.state.roles) }),

  createRole: (store, _params, body): Role =>
    addDefinition(store.state.roles, { role_name: body.role_name, display_name: body.display_name }, (r) => r.role_name, 'role'),

  getUserAttributes: (store): UserAttributes => ({ user_attributes: structuredClone(store.state.userAttributes) }),

  createUserAttribute: (store, _params, body): Attribute =>
    addDefinition(store.state.userAttributes, { ...body }, (a) => a.attribute_name, 'user attribute'),

  deleteUserAttribute: (store, params) => {
    const memberships = Object.values(store.state.tenants).flatMap((tenant) => Object.values(tenant.tenantUsers));
    deleteDefinition(store.state.userAttributes, params.attribute_name, memberships, 'user attribute');
    return undefined;
  },

  getTenantAttributes: (store): TenantAttributes => ({ tenant_attributes: structuredClone(store.state.tenantAttributes) }),

  createTenantAttribute: (store, _params, body): Attribute =>
    addDefinition(store.state.tenantAttributes, { ...body }, (a) => a.attribute_name, 'tenant attribute'),

  deleteTenantAttribute: (store, params) => {
    deleteDefinition(store.state.tenantAttributes, params.attribute_name, Object.values(store.state.tenants), 'tenant attribute');
    return undefined;
  },

  getEnvs: (): Envs => ({ envs: ENVS.map((env) => ({ ...env })) }),
};
