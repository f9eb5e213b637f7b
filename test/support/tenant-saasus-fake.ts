import { randomUUID } from 'node:crypto';
import { ApiError } from '../../src/api/errors.js';
import type { CallOptions } from '../../src/api/client.types.js';
import type { Attributes, Tenant, UserAvailableTenant, UserInfo } from '../../src/api/types.js';
import type { AttributeDefinition } from '../../src/machines/index.js';
import type { TenantSignUpApi } from '../../src/services/index.js';

/*
 * A small in-test stand-in for the SaaSus tenant operations the tenant sign-up calls, behaving as
 * SaaSus does where the flow can tell: UUIDs for created tenants, duplicate tenant names allowed,
 * a tenant user only from an existing SaaS user (by address), roles only in envs 1–3, the user's
 * memberships in `GET /userinfo`. The proxy's self sign-up tests use it to count and fail calls;
 * the model test of the flow runs on the emulator.
 */

type Operation = keyof TenantSignUpApi;

interface TenantUserRecord {
  id: string;
  email: string;
  attributes: Attributes;
  roles: Map<number, Set<string>>;
}

const ENVS = [
  { id: 1, name: 'dev', display_name: 'Development' },
  { id: 2, name: 'stg', display_name: 'Staging' },
  { id: 3, name: 'prd', display_name: 'Production' },
];
const ROLES: Record<string, string> = { admin: 'Administrator', user: 'User' };

export interface TenantSaasusFake {
  api: TenantSignUpApi;
  /** Adds a SaaS user; returns their id and an ID token for `getUserInfo`. */
  addUser(email: string): { userId: string; idToken: string };
  /** The next call of `operation` fails with `error` (once). */
  fail(operation: Operation, error: ApiError): void;
  /** The next call of `operation` stays unanswered until its signal aborts (once). */
  hold(operation: Operation): void;
  /** Every call, in order, by operation name. */
  calls: Operation[];
  tenants(): Tenant[];
  tenantUsers(tenantId: string): Array<{ id: string; email: string; attributes: Attributes; roles: Record<number, string[]> }>;
}

export function createTenantSaasusFake(definitions: { tenantAttributes?: AttributeDefinition[]; userAttributes?: AttributeDefinition[] } = {}): TenantSaasusFake {
  const users = new Map<string, { id: string; email: string }>();
  const idTokens = new Map<string, string>();
  const tenants = new Map<string, Tenant>();
  const members = new Map<string, Map<string, TenantUserRecord>>();
  const faults = new Map<Operation, ApiError[]>();
  const holds = new Set<Operation>();
  const calls: Operation[] = [];

  const failure = (operation: string, status: number, type: string, message: string) =>
    new ApiError({ kind: 'http', status, type, message, operation });

  /** Records the call, then answers after the fault or hold arranged for it, if any. */
  async function enter(operation: Operation, options: CallOptions | undefined): Promise<void> {
    calls.push(operation);
    const signal = options?.signal;
    if (holds.delete(operation)) {
      await new Promise<never>((_, reject) => {
        const abort = () => reject(new ApiError({ kind: 'aborted', status: 0, type: 'aborted', message: 'The request was cancelled.', operation }));
        if (signal?.aborted) abort();
        signal?.addEventListener('abort', abort, { once: true });
      });
    }
    await Promise.resolve();
    if (signal?.aborted) throw new ApiError({ kind: 'aborted', status: 0, type: 'aborted', message: 'The request was cancelled.', operation });
    const fault = faults.get(operation)?.shift();
    if (fault !== undefined) throw fault;
  }

  function checkAttributes(operation: string, defined: readonly AttributeDefinition[], values: Attributes): void {
    for (const [name, value] of Object.entries(values)) {
      const definition = defined.find((d) => d.attribute_name === name);
      const ok =
        definition !== undefined &&
        (definition.attribute_type === 'number' ? typeof value === 'number' : definition.attribute_type === 'bool' ? typeof value === 'boolean' : typeof value === 'string');
      if (!ok) throw failure(operation, 400, 'invalid_parameter', `attribute ${name} is not defined or has the wrong type`);
    }
  }

  const userAvailableTenants = (userId: string): UserAvailableTenant[] =>
    [...tenants.values()].flatMap((tenant) => {
      const member = members.get(tenant.id)?.get(userId);
      if (member === undefined) return [];
      return [{
        id: tenant.id,
        name: tenant.name,
        completed_sign_up: true,
        envs: ENVS.filter((env) => member.roles.has(env.id)).map((env) => ({
          ...env,
          roles: [...(member.roles.get(env.id) ?? [])].map((role_name) => ({ role_name, display_name: ROLES[role_name] ?? role_name })),
        })),
        user_attribute: member.attributes,
        back_office_staff_email: tenant.back_office_staff_email,
      }];
    });

  const api: TenantSignUpApi = {
    async getUserInfo(idToken, options) {
      await enter('getUserInfo', options);
      const userId = idTokens.get(idToken);
      const user = userId === undefined ? undefined : users.get(userId);
      if (user === undefined) throw failure('getUserInfo', 401, 'invalid_id_token', 'The ID token is not valid.');
      return { id: user.id, email: user.email, user_attribute: {}, tenants: userAvailableTenants(user.id) } satisfies UserInfo;
    },
    async getTenantAttributes(options) {
      await enter('getTenantAttributes', options);
      return { tenant_attributes: definitions.tenantAttributes ?? [] };
    },
    async getUserAttributes(options) {
      await enter('getUserAttributes', options);
      return { user_attributes: definitions.userAttributes ?? [] };
    },
    async createTenant(param, options) {
      await enter('createTenant', options);
      if (typeof param.name !== 'string' || param.name === '') throw failure('createTenant', 400, 'invalid_parameter', 'name is required');
      checkAttributes('createTenant', definitions.tenantAttributes ?? [], param.attributes);
      const tenant: Tenant = { id: randomUUID(), name: param.name, attributes: param.attributes, back_office_staff_email: param.back_office_staff_email, plan_histories: [] };
      tenants.set(tenant.id, tenant);
      members.set(tenant.id, new Map());
      return structuredClone(tenant);
    },
    async createTenantUser(tenantId, param, options) {
      await enter('createTenantUser', options);
      const tenantMembers = members.get(tenantId);
      if (tenantMembers === undefined) throw failure('createTenantUser', 404, 'tenant_not_found', 'No such tenant.');
      const user = [...users.values()].find((u) => u.email === param.email);
      if (user === undefined) throw failure('createTenantUser', 404, 'user_not_found', 'No SaaS user has this address.');
      if (tenantMembers.has(user.id)) throw failure('createTenantUser', 400, 'invalid_parameter', 'The user is already in the tenant.');
      checkAttributes('createTenantUser', definitions.userAttributes ?? [], param.attributes);
      tenantMembers.set(user.id, { id: user.id, email: user.email, attributes: param.attributes, roles: new Map() });
      return { id: user.id, tenant_id: tenantId, tenant_name: tenants.get(tenantId)?.name ?? '', email: user.email, attributes: param.attributes, envs: [] };
    },
    async createTenantUserRoles(tenantId, userId, envId, param, options) {
      await enter('createTenantUserRoles', options);
      const member = members.get(tenantId)?.get(userId);
      if (member === undefined) throw failure('createTenantUserRoles', 404, 'user_not_found', 'No such tenant user.');
      if (!ENVS.some((env) => env.id === envId)) throw failure('createTenantUserRoles', 404, 'not_found', 'No such env.');
      const unknown = param.role_names.find((role) => !(role in ROLES));
      if (unknown !== undefined) throw failure('createTenantUserRoles', 400, 'invalid_parameter', `No role ${unknown}.`);
      const roles = member.roles.get(envId) ?? new Set<string>();
      for (const role of param.role_names) roles.add(role);
      member.roles.set(envId, roles);
    },
  };

  return {
    api,
    calls,
    addUser(email) {
      const user = { id: randomUUID(), email };
      users.set(user.id, user);
      const idToken = `id-token-${randomUUID()}`;
      idTokens.set(idToken, user.id);
      return { userId: user.id, idToken };
    },
    fail(operation, error) {
      faults.set(operation, [...(faults.get(operation) ?? []), error]);
    },
    hold(operation) {
      holds.add(operation);
    },
    tenants: () => [...tenants.values()].map((tenant) => structuredClone(tenant)),
    tenantUsers: (tenantId) =>
      [...(members.get(tenantId)?.values() ?? [])].map((m) => ({
        id: m.id,
        email: m.email,
        attributes: m.attributes,
        roles: Object.fromEntries([...m.roles].map(([env, set]) => [env, [...set]])),
      })),
  };
}
