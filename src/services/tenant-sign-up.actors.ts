import { fromPromise } from 'xstate';
import type { SelfSignUpApi, SelfSignUpForm, SelfSignUpResult, TenantSignUpApi, TenantSignUpPort } from '../api/flows-api.js';
import type { Tenant } from '../api/types.js';
import { FlowConfigurationError } from '../machines/shared/flow-error.js';
import type { EmptyInput } from '../machines/shared/flow.types.js';
import type {
  AttributeDefinition,
  CreatedTenantUser,
  CreateTenantInput,
  CreateTenantUserInput,
  CreateTenantUserRolesInput,
  SignedInUser,
  TenantSignUpActors,
} from '../machines/tenant-sign-up/tenant-sign-up.types.js';
import type { FlowServicesOptions } from './flow.types.js';
import { serviceRuntime } from './service-runtime.js';

export type { SelfSignUpApi, SelfSignUpForm, SelfSignUpRequest, SelfSignUpResult, TenantSignUpApi, TenantSignUpPort } from '../api/flows-api.js';

const MISSING_ID_TOKEN = "saasus-flows: \"getUserInfo\" needs the user's ID token: createSaasusFlows(api, { session: () => ({ userId, accessToken, idToken }) }).";
const LOST_RESULT = 'saasus-flows: the self sign-up result of this page is gone (restored elsewhere): start the tenant sign-up again.';
const MISSING_OPERATIONS = 'saasus-flows: the tenant sign-up needs an api with the tenant operations (the signing client) or the self sign-up route (proxyTransport).';

function isSelfSignUpApi(api: TenantSignUpPort): api is SelfSignUpApi {
  return typeof api.selfSignUp === 'function' && typeof api.selfSignUpForm === 'function';
}

function isTenantSignUpApi(api: TenantSignUpPort): api is TenantSignUpApi {
  const methods = ['getUserInfo', 'getTenantAttributes', 'getUserAttributes', 'createTenant', 'createTenantUser', 'createTenantUserRoles'] as const;
  return methods.every((method) => typeof api[method] === 'function');
}

/**
 * The actors of `tenantSignUpMachine` over the SaaSus operations, on a server: the user's ID
 * token comes from `options.session` at each call (never from context), and the actor's
 * `signal` reaches the request.
 */
export function tenantSignUpActors(api: TenantSignUpApi, options?: FlowServicesOptions): TenantSignUpActors {
  const runtime = serviceRuntime(api, options);
  return {
    getUserInfo: fromPromise<SignedInUser, EmptyInput>(async ({ signal }) => {
      const { idToken } = await runtime.session('getUserInfo');
      if (idToken === undefined || idToken === '') throw new FlowConfigurationError(MISSING_ID_TOKEN);
      const { email, tenants } = await api.getUserInfo(idToken, { signal });
      return { email, tenants };
    }),
    getTenantAttributes: fromPromise<AttributeDefinition[], EmptyInput>(async ({ signal }) => (await api.getTenantAttributes({ signal })).tenant_attributes),
    getUserAttributes: fromPromise<AttributeDefinition[], EmptyInput>(async ({ signal }) => (await api.getUserAttributes({ signal })).user_attributes),
    createTenant: fromPromise<Tenant, CreateTenantInput>(({ input: { email, details }, signal }) =>
      api.createTenant({ name: details.tenantName, attributes: details.tenantAttributes, back_office_staff_email: email }, { signal }),
    ),
    createTenantUser: fromPromise<CreatedTenantUser, CreateTenantUserInput>(async ({ input, signal }) => {
      const { id } = await api.createTenantUser(input.tenantId, { email: input.email, attributes: input.attributes }, { signal });
      return { id };
    }),
    createTenantUserRoles: fromPromise<void, CreateTenantUserRolesInput>(async ({ input, signal }) => {
      await api.createTenantUserRoles(input.tenantId, input.userId, input.envId, { role_names: input.roleNames }, { signal });
    }),
  };
}

/**
 * The actors of `tenantSignUpMachine` over the back-end proxy (`proxyTransport`), in a browser:
 * the three reads answer from one `GET` of the form, and `createTenant` runs the whole creation
 * on the server (the proxy's self sign-up: tenant, tenant user, admin role, idempotent per
 * user); `createTenantUser` and `createTenantUserRoles` then report what it created. A failure
 * anywhere on the server shows as the `createTenant` step's, and `flow.retry` resumes the
 * server's sequence where it stopped, never creating a second tenant.
 */
export function selfSignUpActors(api: SelfSignUpApi): TenantSignUpActors {
  // One read of the form serves the three loading steps that follow it.
  let form: Promise<SelfSignUpForm> | undefined;
  const readForm = (signal: AbortSignal, fresh: boolean): Promise<SelfSignUpForm> => {
    if (fresh || form === undefined) form = api.selfSignUpForm({ signal });
    return form;
  };
  // What the server created, by tenant id, for the two steps that follow `createTenant`.
  const created = new Map<string, SelfSignUpResult>();
  const resultOf = (tenantId: string): SelfSignUpResult => {
    const result = created.get(tenantId);
    // Only after a restore into a new page: the server finished or will resume; reading the form again shows which.
    if (result === undefined) throw new FlowConfigurationError(LOST_RESULT);
    return result;
  };
  return {
    getUserInfo: fromPromise<SignedInUser, EmptyInput>(async ({ signal }) => {
      const { email, tenants } = await readForm(signal, true);
      return { email, tenants };
    }),
    getTenantAttributes: fromPromise<AttributeDefinition[], EmptyInput>(async ({ signal }) => (await readForm(signal, false)).tenant_attributes),
    getUserAttributes: fromPromise<AttributeDefinition[], EmptyInput>(async ({ signal }) => (await readForm(signal, false)).user_attributes),
    createTenant: fromPromise<Tenant, CreateTenantInput>(async ({ input: { details }, signal }) => {
      const result = await api.selfSignUp({ tenant_name: details.tenantName, tenant_attributes: details.tenantAttributes, user_attributes: details.userAttributes }, { signal });
      created.set(result.tenant.id, result);
      return result.tenant;
    }),
    createTenantUser: fromPromise<CreatedTenantUser, CreateTenantUserInput>(async ({ input }) => resultOf(input.tenantId).tenant_user),
    createTenantUserRoles: fromPromise<void, CreateTenantUserRolesInput>(async () => undefined),
  };
}

/**
 * The actors of `tenantSignUpMachine` for the api `createSaasusFlows` was given: over the proxy's
 * self sign-up route when it has one (`proxyTransport`), over the SaaSus operations when it has
 * them (the signing client), otherwise actors that fail with a `configuration` error.
 */
export function tenantSignUpActorsFor(api: TenantSignUpPort, options?: FlowServicesOptions): TenantSignUpActors {
  if (isSelfSignUpApi(api)) return selfSignUpActors(api);
  if (isTenantSignUpApi(api)) return tenantSignUpActors(api, options);
  const unavailable = (): Promise<never> => Promise.reject(new FlowConfigurationError(MISSING_OPERATIONS));
  return selfSignUpActors({ selfSignUpForm: unavailable, selfSignUp: unavailable });
}
