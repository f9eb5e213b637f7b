/**
 * What the flows need of the API: the operations with a proxy route, and the brand of an api
 * that takes the user from the app's back-end session. Kept apart from the operations table so
 * a browser bundle that needs only these does not hold the table.
 */
import type { SaasUserApiClient } from './client.js';
import type { CallOptions, SaasUserApi, TenantAuthApi } from './client.types.js';
import type { ProxiedOperationName } from './operations.js';
import type { Attribute, Tenant, UserInfo } from './types.js';

/**
 * The operations the five flows need, with the signatures of the signing client: the rows of the
 * operations table that have a proxy route. Both the server-side client (`createSaasUserApi`) and
 * the browser transport to the back-end proxy (`proxyTransport`) satisfy it; through the proxy the
 * `userId` / `access_token` arguments are ignored by the browser side and taken from the app's
 * session by the server.
 */
export type FlowsApi = Pick<SaasUserApi, ProxiedOperationName>;

/** Names of the operations in {@link FlowsApi}. */
export type FlowOperationName = keyof FlowsApi;

/** The user a token operation acts for, as the app's back end knows it from its session. */
export interface UserSession {
  userId: string;
  accessToken: string;
  /** The user's ID token, for `GET /userinfo` (the tenant sign-up reads the user's tenants with it). */
  idToken?: string;
}

/**
 * Brand of an api that takes the user from the app's back-end session (the browser
 * `proxyTransport`): with it, `createSaasusFlows` needs no `session` provider.
 */
export const SESSION_FROM_BACKEND: unique symbol = Symbol.for('saasus-flows.sessionFromBackend');

/**
 * The SaaSus operations the tenant sign-up runs on a server, with the signatures of the signing
 * client: the user's info by ID token, the attribute definitions, and the three administrative
 * writes (tenant, tenant user, roles). Never exposed to browsers. Shared by the flows' actors and
 * the proxy's self sign-up route.
 */
export type TenantSignUpApi = Pick<SaasUserApiClient, 'getUserInfo'> &
  Pick<TenantAuthApi, 'getTenantAttributes' | 'getUserAttributes' | 'createTenant' | 'createTenantUser' | 'createTenantUserRoles'>;

/** What the back-end proxy's self sign-up route answers to `GET`: what the form needs. */
export interface SelfSignUpForm {
  email: string;
  tenants: UserInfo['tenants'];
  tenant_attributes: Attribute[];
  user_attributes: Attribute[];
}

/** What the back-end proxy's self sign-up route answers to `POST`: the new tenant and tenant user. */
export interface SelfSignUpResult {
  tenant: Tenant;
  tenant_user: { id: string };
}

/** The body the browser sends to the self sign-up route. */
export interface SelfSignUpRequest {
  tenant_name: string;
  tenant_attributes: Record<string, string | number | boolean>;
  user_attributes: Record<string, string | number | boolean>;
}

/**
 * The tenant sign-up as the browser transport to the back-end proxy offers it: one read of the
 * form, and one call that runs the three creating steps on the server for the session's user.
 */
export interface SelfSignUpApi {
  selfSignUpForm(options?: CallOptions): Promise<SelfSignUpForm>;
  selfSignUp(param: SelfSignUpRequest, options?: CallOptions): Promise<SelfSignUpResult>;
}

/** The api `createSaasusFlows` may be given for the tenant sign-up: the SaaSus operations or the proxy's. */
export type TenantSignUpPort = Partial<TenantSignUpApi & SelfSignUpApi>;
