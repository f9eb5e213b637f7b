/**
 * The 21 `SaasUserApi` operations as data, one row each, ordered as in the official JS SDK,
 * followed by the tenant part of the Auth API (tenants, tenant users, roles, attribute
 * definitions, envs, invitations; all administrative, none reachable from browsers). The
 * client's methods, the proxy's routes and browser transport, and the emulator's request
 * validation are all read from this table: adding an operation is one row here plus its
 * emulator handler (and its typed signature in `client.types.ts`, checked against the row).
 */
import type { AuthApi } from './client.types.js';
import type { FieldRule } from './validation.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call an operation: `admin` acts on any user with the API key alone, `public` runs
 * before sign-in, `user` needs the end user's `access_token` in the body.
 */
export type OperationAudience = 'admin' | 'public' | 'user';

/** A path parameter; values are URI-encoded into the path. `env_id` is an integer, the others strings. */
export type PathParam = 'user_id' | 'provider_name' | 'tenant_id' | 'env_id' | 'role_name' | 'invitation_id' | 'attribute_name';

/** One field of a request body: its type, whether it is required, and what a person calls it. */
export type BodyField = FieldRule;
/**
 * What a body field holds. `email` and `code` are checked with `isWellFormedEmail` and
 * `isSixDigitCode`; `text` is a non-blank string (tokens, ids, names); `mfaMethod` is
 * `softwareToken` or `email`.
 */
export type FieldType = FieldRule['type'];

/** One operation. */
export interface OperationSpec {
  readonly method: HttpMethod;
  /** Path below `/v1/auth`, with `{user_id}`, `{tenant_id}`, … placeholders. */
  readonly path: string;
  /** Path parameters, in the order the JS SDK method takes them (before the body). */
  readonly pathParams: readonly PathParam[];
  /** The JSON body's fields (any other field is refused); absent when no body is sent. */
  readonly body?: Readonly<Record<string, BodyField>>;
  readonly successStatus: 200 | 201;
  readonly audience: OperationAudience;
  /**
   * The route of the back-end proxy that browsers call instead, below the proxy's base path;
   * absent when browsers may not call the operation. Every exposed operation except the `public`
   * ones acts for the signed-in user of the app's session: the proxy takes `user_id` and
   * `access_token` from the session, never from the browser.
   */
  readonly proxy?: string;
}

const field = (type: FieldType, label: string, required = true): BodyField => ({ type, required, label });

// Each field name means the same thing in every body it appears in, so it is described once.
const email = field('email', 'e-mail address');
const password = field('password', 'password');
const code = field('code', 'code');
const verification_code = field('code', 'code from the authenticator app');
const access_token = field('text', 'access token');
const registration_token = field('text', 'AWS Marketplace registration token');
const tenant_id = field('text', 'tenant ID');
const attributes = field('object', 'user attributes');
const enabled = field('boolean', 'MFA on/off setting');
const USER = ['user_id'] as const;
const TENANT = ['tenant_id'] as const;
const TENANT_USER = ['tenant_id', 'user_id'] as const;
const TENANT_INVITATION = ['tenant_id', 'invitation_id'] as const;
const INVITATION = ['invitation_id'] as const;
const ATTRIBUTE = ['attribute_name'] as const;
const tenantProps = {
  name: field('text', 'tenant name'),
  attributes: field('object', 'tenant attributes'),
  back_office_staff_email: email,
};
const attributeDefinition = {
  attribute_name: field('text', 'attribute name'),
  display_name: field('text', 'display name'),
  attribute_type: field('attributeType', 'attribute type'),
};

export const operations = {
  getSaasUsers: { method: 'GET', path: '/users', pathParams: [], successStatus: 200, audience: 'admin' },
  createSaasUser: { method: 'POST', path: '/users', pathParams: [], body: { email, password: field('password', 'password', false) }, successStatus: 201, audience: 'admin' },
  getSaasUser: { method: 'GET', path: '/users/{user_id}', pathParams: USER, successStatus: 200, audience: 'admin' },
  deleteSaasUser: { method: 'DELETE', path: '/users/{user_id}', pathParams: USER, successStatus: 200, audience: 'admin' },
  updateSaasUserPassword: {
    method: 'PATCH', path: '/users/{user_id}/password', pathParams: USER,
    body: { password, temporary: field('boolean', 'temporary-password setting', false) }, successStatus: 200, audience: 'admin',
  },
  updateSaasUserEmail: { method: 'PATCH', path: '/users/{user_id}/email', pathParams: USER, body: { email }, successStatus: 200, audience: 'admin' },
  requestEmailUpdate: {
    method: 'POST', path: '/users/{user_id}/email/request', pathParams: USER, body: { email, access_token }, successStatus: 200, audience: 'user',
    proxy: '/email/request',
  },
  confirmEmailUpdate: {
    method: 'POST', path: '/users/{user_id}/email/confirm', pathParams: USER, body: { code, access_token }, successStatus: 200, audience: 'user',
    proxy: '/email/confirm',
  },
  updateSaasUserAttributes: { method: 'PATCH', path: '/users/{user_id}/attributes', pathParams: USER, body: { attributes }, successStatus: 200, audience: 'admin' },
  updateSoftwareToken: {
    method: 'PUT', path: '/users/{user_id}/mfa/software-token', pathParams: USER, body: { access_token, verification_code }, successStatus: 200, audience: 'user',
    proxy: '/mfa/software-token',
  },
  createSecretCode: {
    method: 'POST', path: '/users/{user_id}/mfa/software-token/secret-code', pathParams: USER, body: { access_token }, successStatus: 201, audience: 'user',
    proxy: '/mfa/secret-code',
  },
  getUserMfaPreference: { method: 'GET', path: '/users/{user_id}/mfa/preference', pathParams: USER, successStatus: 200, audience: 'admin', proxy: '/mfa/preference' },
  updateUserMfaPreference: {
    method: 'PATCH', path: '/users/{user_id}/mfa/preference', pathParams: USER,
    body: { enabled, method: { type: 'mfaMethod', required: false, label: 'MFA method', requiredWhen: 'enabled' } }, successStatus: 200, audience: 'admin',
    proxy: '/mfa/preference',
  },
  unlinkProvider: {
    method: 'DELETE', path: '/users/{user_id}/providers/{provider_name}', pathParams: ['provider_name', 'user_id'], successStatus: 200, audience: 'admin',
    proxy: '/providers/{provider_name}',
  },
  requestExternalUserLink: { method: 'POST', path: '/external-users/request', pathParams: [], body: { access_token }, successStatus: 200, audience: 'user', proxy: '/external-users/request' },
  confirmExternalUserLink: {
    method: 'POST', path: '/external-users/confirm', pathParams: [], body: { access_token, code }, successStatus: 200, audience: 'user',
    proxy: '/external-users/confirm',
  },
  signUp: { method: 'POST', path: '/sign-up', pathParams: [], body: { email }, successStatus: 201, audience: 'public', proxy: '/sign-up' },
  resendSignUpConfirmationEmail: { method: 'POST', path: '/sign-up/resend', pathParams: [], body: { email }, successStatus: 200, audience: 'public', proxy: '/sign-up/resend' },
  signUpWithAwsMarketplace: {
    method: 'POST', path: '/aws-marketplace/sign-up', pathParams: [], body: { email, registration_token }, successStatus: 201, audience: 'public',
    proxy: '/aws-marketplace/sign-up',
  },
  confirmSignUpWithAwsMarketplace: {
    method: 'POST', path: '/aws-marketplace/sign-up-confirm', pathParams: [],
    body: { tenant_name: field('text', 'tenant name', false), access_token, registration_token }, successStatus: 201, audience: 'user',
    proxy: '/aws-marketplace/sign-up-confirm',
  },
  linkAwsMarketplace: {
    method: 'PATCH', path: '/aws-marketplace/link', pathParams: [], body: { tenant_id, access_token, registration_token }, successStatus: 200, audience: 'user',
    proxy: '/aws-marketplace/link',
  },
  // The tenant part (TenantApi, TenantUserApi, RoleApi, UserAttributeApi, TenantAttributeApi, EnvApi, InvitationApi).
  getTenants: { method: 'GET', path: '/tenants', pathParams: [], successStatus: 200, audience: 'admin' },
  createTenant: { method: 'POST', path: '/tenants', pathParams: [], body: tenantProps, successStatus: 201, audience: 'admin' },
  getTenant: { method: 'GET', path: '/tenants/{tenant_id}', pathParams: TENANT, successStatus: 200, audience: 'admin' },
  updateTenant: { method: 'PATCH', path: '/tenants/{tenant_id}', pathParams: TENANT, body: tenantProps, successStatus: 200, audience: 'admin' },
  deleteTenant: { method: 'DELETE', path: '/tenants/{tenant_id}', pathParams: TENANT, successStatus: 200, audience: 'admin' },
  getTenantUsers: { method: 'GET', path: '/tenants/{tenant_id}/users', pathParams: TENANT, successStatus: 200, audience: 'admin' },
  createTenantUser: { method: 'POST', path: '/tenants/{tenant_id}/users', pathParams: TENANT, body: { email, attributes }, successStatus: 201, audience: 'admin' },
  getTenantUser: { method: 'GET', path: '/tenants/{tenant_id}/users/{user_id}', pathParams: TENANT_USER, successStatus: 200, audience: 'admin' },
  updateTenantUser: { method: 'PATCH', path: '/tenants/{tenant_id}/users/{user_id}', pathParams: TENANT_USER, body: { attributes }, successStatus: 200, audience: 'admin' },
  deleteTenantUser: { method: 'DELETE', path: '/tenants/{tenant_id}/users/{user_id}', pathParams: TENANT_USER, successStatus: 200, audience: 'admin' },
  createTenantUserRoles: {
    method: 'POST', path: '/tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles', pathParams: ['tenant_id', 'user_id', 'env_id'],
    body: { role_names: field('names', 'role names') }, successStatus: 201, audience: 'admin',
  },
  deleteTenantUserRole: {
    method: 'DELETE', path: '/tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles/{role_name}', pathParams: ['tenant_id', 'user_id', 'env_id', 'role_name'],
    successStatus: 200, audience: 'admin',
  },
  getRoles: { method: 'GET', path: '/roles', pathParams: [], successStatus: 200, audience: 'admin' },
  createRole: { method: 'POST', path: '/roles', pathParams: [], body: { role_name: field('text', 'role name'), display_name: field('text', 'display name') }, successStatus: 201, audience: 'admin' },
  getUserAttributes: { method: 'GET', path: '/user-attributes', pathParams: [], successStatus: 200, audience: 'admin' },
  createUserAttribute: { method: 'POST', path: '/user-attributes', pathParams: [], body: attributeDefinition, successStatus: 201, audience: 'admin' },
  deleteUserAttribute: { method: 'DELETE', path: '/user-attributes/{attribute_name}', pathParams: ATTRIBUTE, successStatus: 200, audience: 'admin' },
  getTenantAttributes: { method: 'GET', path: '/tenant-attributes', pathParams: [], successStatus: 200, audience: 'admin' },
  createTenantAttribute: { method: 'POST', path: '/tenant-attributes', pathParams: [], body: attributeDefinition, successStatus: 201, audience: 'admin' },
  deleteTenantAttribute: { method: 'DELETE', path: '/tenant-attributes/{attribute_name}', pathParams: ATTRIBUTE, successStatus: 200, audience: 'admin' },
  getEnvs: { method: 'GET', path: '/envs', pathParams: [], successStatus: 200, audience: 'admin' },
  getTenantInvitations: { method: 'GET', path: '/tenants/{tenant_id}/invitations', pathParams: TENANT, successStatus: 200, audience: 'admin' },
  createTenantInvitation: {
    method: 'POST', path: '/tenants/{tenant_id}/invitations', pathParams: TENANT,
    body: { email, access_token, envs: field('envRoles', 'envs') }, successStatus: 201, audience: 'admin',
  },
  getTenantInvitation: { method: 'GET', path: '/tenants/{tenant_id}/invitations/{invitation_id}', pathParams: TENANT_INVITATION, successStatus: 200, audience: 'admin' },
  deleteTenantInvitation: { method: 'DELETE', path: '/tenants/{tenant_id}/invitations/{invitation_id}', pathParams: TENANT_INVITATION, successStatus: 200, audience: 'admin' },
  getInvitationValidity: { method: 'GET', path: '/invitations/{invitation_id}/validity', pathParams: INVITATION, successStatus: 200, audience: 'admin' },
  validateInvitation: {
    method: 'PATCH', path: '/invitations/{invitation_id}/validate', pathParams: INVITATION,
    body: { access_token: field('text', 'access token', false), email: field('email', 'e-mail address', false), password: field('password', 'password', false) },
    successStatus: 200, audience: 'admin',
  },
} as const satisfies Record<keyof AuthApi, OperationSpec>;

/** Name of one of the operations, e.g. `'signUp'`. */
export type OperationName = keyof typeof operations;

/** The operations browsers may call through the back-end proxy: the rows with a `proxy` route. */
export type ProxiedOperationName = { [K in OperationName]: (typeof operations)[K] extends { proxy: string } ? K : never }[OperationName];

/** The request body type of operation `K` (the argument after its path parameters). */
export type OperationBody<K extends OperationName> = Parameters<AuthApi[K]>[(typeof operations)[K]['pathParams']['length']];

/** All operation names in SDK order. */
export const operationNames = Object.keys(operations) as OperationName[];

/** The `/v1/auth` prefix every operation path lives under. */
export const AUTH_PATH_PREFIX = '/v1/auth';

/** Whether a proxied operation acts for the signed-in user of the app's session (every one but the pre-sign-in ones). */
export const actsForSession = (spec: OperationSpec): boolean => spec.audience !== 'public';

/**
 * Fills a path template with URI-encoded parameters, as the JS SDK does.
 * @example expandPath('/users/{user_id}', { user_id: 'a b' }) // '/users/a%20b'
 */
export function expandPath(template: string, params: Partial<Record<PathParam, string>>): string {
  return template.replace(/\{(user_id|provider_name|tenant_id|env_id|role_name|invitation_id|attribute_name)\}/g, (_, name: PathParam) => {
    const value = params[name];
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`Missing path parameter "${name}": pass a non-empty string.`);
    }
    return encodeURIComponent(value);
  });
}

/*
 * Compile-time check that every row fits its typed client method: the method takes the path
 * parameters, then the body when the row has one, then the call options, and nothing else.
 */
type ArgCount<K extends OperationName> = (typeof operations)[K]['pathParams']['length'] extends infer N extends number
  ? (typeof operations)[K] extends { body: object } ? [N, 'body'] : [N]
  : never;
type MethodShape<K extends OperationName> = Required<Parameters<AuthApi[K]>>['length'];
type Expected<K extends OperationName> = ArgCount<K> extends [infer N extends number, 'body'] ? Add2<N> : ArgCount<K> extends [infer N extends number] ? Add1<N> : never;
type Add1<N extends number> = [1, 2, 3, 4, 5][N];
type Add2<N extends number> = [2, 3, 4, 5, 6][N];
type Misfits = { [K in OperationName]: MethodShape<K> extends Expected<K> ? never : K }[OperationName];
type ExpectNone<T extends never> = T;
type _RowsFitMethods = ExpectNone<Misfits>;
