import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSaasUserApi, operations, type OperationName, type SaasUserApiClient } from '../../src/api/index.js';
import { operationNames } from '../../src/api/operations.js';
import { hmacSha256HexPortable } from '../../src/api/signing.js';
import { expectedAuthorization, json, startLoopback, type Loopback, type Reply } from './loopback.js';

const creds = { saasId: 'saas-1', apiKey: 'api-key-1', secretKey: 'secret-key-1' };
const frozen = new Date(Date.UTC(2026, 10, 28, 19, 30, 42));
const TIME = '202611281930';

// Ids with characters that need encoding: slash, non-ASCII, space, ?, #, %, and quote/parens.
const USER = "u/ä ?#%'(x)";
const USER_ENC = "u%2F%C3%A4%20%3F%23%25'(x)";
const PROVIDER = 'Goo gle/1';
const PROVIDER_ENC = 'Goo%20gle%2F1';

const saasUser = { id: 'u-1', email: 'a@example.com', attributes: {} };
const tenant = { id: 't-1', name: 'Acme', attributes: {}, back_office_staff_email: 'a@example.com', plan_histories: [] };
const userInfo = { id: 'u-1', email: 'a@example.com', user_attribute: {}, tenants: [] };
const TENANT = 't/1 ä';
const TENANT_ENC = 't%2F1%20%C3%A4';
const INVITATION = 'inv?#';
const INVITATION_ENC = 'inv%3F%23';
const admin = { role_name: 'admin', display_name: '管理者' };
const attribute = { attribute_name: 'nickname', display_name: 'Nickname', attribute_type: 'string' } as const;
const prod = { id: 3, name: 'prod', display_name: '本番環境', roles: [admin] };
const tenantUser = { id: 'u-1', tenant_id: 't-1', tenant_name: 'Acme', email: 'a@example.com', attributes: {}, envs: [prod] };
const invitation = { id: 'i-1', email: 'b@example.com', invitation_url: '/i', envs: [prod], expired_at: 1_800_000_000, status: 'pending' };

interface Case {
  call: (api: SaasUserApiClient) => Promise<unknown>;
  path: string;
  body: string | undefined;
  reply: unknown;
}

const cases: Record<OperationName, Case> = {
  getSaasUsers: { call: (api) => api.getSaasUsers(), path: '/v1/auth/users', body: undefined, reply: { users: [saasUser] } },
  createSaasUser: {
    call: (api) => api.createSaasUser({ email: 'a@example.com', password: 'Pa55word!' }),
    path: '/v1/auth/users', body: '{"email":"a@example.com","password":"Pa55word!"}', reply: saasUser,
  },
  getSaasUser: { call: (api) => api.getSaasUser(USER), path: `/v1/auth/users/${USER_ENC}`, body: undefined, reply: saasUser },
  deleteSaasUser: { call: (api) => api.deleteSaasUser(USER), path: `/v1/auth/users/${USER_ENC}`, body: undefined, reply: userInfo },
  updateSaasUserPassword: {
    call: (api) => api.updateSaasUserPassword(USER, { password: 'N3w-pass' }),
    path: `/v1/auth/users/${USER_ENC}/password`, body: '{"password":"N3w-pass"}', reply: undefined,
  },
  updateSaasUserEmail: {
    call: (api) => api.updateSaasUserEmail(USER, { email: 'b@example.com' }),
    path: `/v1/auth/users/${USER_ENC}/email`, body: '{"email":"b@example.com"}', reply: undefined,
  },
  requestEmailUpdate: {
    call: (api) => api.requestEmailUpdate(USER, { email: 'b@example.com', access_token: 'tok' }),
    path: `/v1/auth/users/${USER_ENC}/email/request`, body: '{"email":"b@example.com","access_token":"tok"}', reply: undefined,
  },
  confirmEmailUpdate: {
    call: (api) => api.confirmEmailUpdate(USER, { code: '123456', access_token: 'tok' }),
    path: `/v1/auth/users/${USER_ENC}/email/confirm`, body: '{"code":"123456","access_token":"tok"}', reply: undefined,
  },
  updateSaasUserAttributes: {
    call: (api) => api.updateSaasUserAttributes(USER, { attributes: { name: '山田 太郎', age: 30 } }),
    path: `/v1/auth/users/${USER_ENC}/attributes`, body: '{"attributes":{"name":"山田 太郎","age":30}}', reply: undefined,
  },
  updateSoftwareToken: {
    call: (api) => api.updateSoftwareToken(USER, { access_token: 'tok', verification_code: '654321' }),
    path: `/v1/auth/users/${USER_ENC}/mfa/software-token`, body: '{"access_token":"tok","verification_code":"654321"}', reply: undefined,
  },
  createSecretCode: {
    call: (api) => api.createSecretCode(USER, { access_token: 'tok' }),
    path: `/v1/auth/users/${USER_ENC}/mfa/software-token/secret-code`, body: '{"access_token":"tok"}', reply: { secret_code: 'JBSWY3DPEHPK3PXP' },
  },
  getUserMfaPreference: {
    call: (api) => api.getUserMfaPreference(USER),
    path: `/v1/auth/users/${USER_ENC}/mfa/preference`, body: undefined, reply: { enabled: true, method: 'email' },
  },
  updateUserMfaPreference: {
    call: (api) => api.updateUserMfaPreference(USER, { enabled: true, method: 'email' }),
    path: `/v1/auth/users/${USER_ENC}/mfa/preference`, body: '{"enabled":true,"method":"email"}', reply: undefined,
  },
  unlinkProvider: {
    call: (api) => api.unlinkProvider(PROVIDER, USER),
    path: `/v1/auth/users/${USER_ENC}/providers/${PROVIDER_ENC}`, body: undefined, reply: undefined,
  },
  requestExternalUserLink: {
    call: (api) => api.requestExternalUserLink({ access_token: 'tok' }),
    path: '/v1/auth/external-users/request', body: '{"access_token":"tok"}', reply: undefined,
  },
  confirmExternalUserLink: {
    call: (api) => api.confirmExternalUserLink({ access_token: 'tok', code: '111222' }),
    path: '/v1/auth/external-users/confirm', body: '{"access_token":"tok","code":"111222"}', reply: undefined,
  },
  signUp: { call: (api) => api.signUp({ email: 'a@example.com' }), path: '/v1/auth/sign-up', body: '{"email":"a@example.com"}', reply: saasUser },
  resendSignUpConfirmationEmail: {
    call: (api) => api.resendSignUpConfirmationEmail({ email: 'a@example.com' }),
    path: '/v1/auth/sign-up/resend', body: '{"email":"a@example.com"}', reply: undefined,
  },
  signUpWithAwsMarketplace: {
    call: (api) => api.signUpWithAwsMarketplace({ email: 'a@example.com', registration_token: 'reg' }),
    path: '/v1/auth/aws-marketplace/sign-up', body: '{"email":"a@example.com","registration_token":"reg"}', reply: saasUser,
  },
  confirmSignUpWithAwsMarketplace: {
    call: (api) => api.confirmSignUpWithAwsMarketplace({ tenant_name: 'Acme', access_token: 'tok', registration_token: 'reg' }),
    path: '/v1/auth/aws-marketplace/sign-up-confirm', body: '{"tenant_name":"Acme","access_token":"tok","registration_token":"reg"}', reply: tenant,
  },
  linkAwsMarketplace: {
    call: (api) => api.linkAwsMarketplace({ tenant_id: 't-1', access_token: 'tok', registration_token: 'reg' }),
    path: '/v1/auth/aws-marketplace/link', body: '{"tenant_id":"t-1","access_token":"tok","registration_token":"reg"}', reply: undefined,
  },
  // The tenant part: ids that need encoding in every path position, env ids as integers.
  getTenants: { call: (api) => api.getTenants(), path: '/v1/auth/tenants', body: undefined, reply: { tenants: [tenant] } },
  createTenant: {
    call: (api) => api.createTenant({ name: 'Acme', attributes: { seats: 5 }, back_office_staff_email: 'a@example.com' }),
    path: '/v1/auth/tenants', body: '{"name":"Acme","attributes":{"seats":5},"back_office_staff_email":"a@example.com"}', reply: tenant,
  },
  getTenant: { call: (api) => api.getTenant(TENANT), path: `/v1/auth/tenants/${TENANT_ENC}`, body: undefined, reply: tenant },
  updateTenant: {
    call: (api) => api.updateTenant(TENANT, { name: 'B', attributes: {}, back_office_staff_email: 'b@example.com' }),
    path: `/v1/auth/tenants/${TENANT_ENC}`, body: '{"name":"B","attributes":{},"back_office_staff_email":"b@example.com"}', reply: undefined,
  },
  deleteTenant: { call: (api) => api.deleteTenant(TENANT), path: `/v1/auth/tenants/${TENANT_ENC}`, body: undefined, reply: undefined },
  getTenantUsers: { call: (api) => api.getTenantUsers(TENANT), path: `/v1/auth/tenants/${TENANT_ENC}/users`, body: undefined, reply: { users: [tenantUser] } },
  createTenantUser: {
    call: (api) => api.createTenantUser(TENANT, { email: 'a@example.com', attributes: { nickname: 'A' } }),
    path: `/v1/auth/tenants/${TENANT_ENC}/users`, body: '{"email":"a@example.com","attributes":{"nickname":"A"}}', reply: tenantUser,
  },
  getTenantUser: { call: (api) => api.getTenantUser(TENANT, USER), path: `/v1/auth/tenants/${TENANT_ENC}/users/${USER_ENC}`, body: undefined, reply: tenantUser },
  updateTenantUser: {
    call: (api) => api.updateTenantUser(TENANT, USER, { attributes: { nickname: 'B' } }),
    path: `/v1/auth/tenants/${TENANT_ENC}/users/${USER_ENC}`, body: '{"attributes":{"nickname":"B"}}', reply: undefined,
  },
  deleteTenantUser: { call: (api) => api.deleteTenantUser(TENANT, USER), path: `/v1/auth/tenants/${TENANT_ENC}/users/${USER_ENC}`, body: undefined, reply: undefined },
  createTenantUserRoles: {
    call: (api) => api.createTenantUserRoles(TENANT, USER, 3, { role_names: ['admin'] }),
    path: `/v1/auth/tenants/${TENANT_ENC}/users/${USER_ENC}/envs/3/roles`, body: '{"role_names":["admin"]}', reply: undefined,
  },
  deleteTenantUserRole: {
    call: (api) => api.deleteTenantUserRole(TENANT, USER, 3, 'role/ä'),
    path: `/v1/auth/tenants/${TENANT_ENC}/users/${USER_ENC}/envs/3/roles/role%2F%C3%A4`, body: undefined, reply: undefined,
  },
  getRoles: { call: (api) => api.getRoles(), path: '/v1/auth/roles', body: undefined, reply: { roles: [admin] } },
  createRole: { call: (api) => api.createRole(admin), path: '/v1/auth/roles', body: '{"role_name":"admin","display_name":"管理者"}', reply: admin },
  getUserAttributes: { call: (api) => api.getUserAttributes(), path: '/v1/auth/user-attributes', body: undefined, reply: { user_attributes: [attribute] } },
  createUserAttribute: {
    call: (api) => api.createUserAttribute(attribute), path: '/v1/auth/user-attributes', body: JSON.stringify(attribute), reply: attribute,
  },
  deleteUserAttribute: { call: (api) => api.deleteUserAttribute('nick/ä ?'), path: '/v1/auth/user-attributes/nick%2F%C3%A4%20%3F', body: undefined, reply: undefined },
  getTenantAttributes: { call: (api) => api.getTenantAttributes(), path: '/v1/auth/tenant-attributes', body: undefined, reply: { tenant_attributes: [attribute] } },
  createTenantAttribute: {
    call: (api) => api.createTenantAttribute(attribute), path: '/v1/auth/tenant-attributes', body: JSON.stringify(attribute), reply: attribute,
  },
  deleteTenantAttribute: { call: (api) => api.deleteTenantAttribute('#seats'), path: '/v1/auth/tenant-attributes/%23seats', body: undefined, reply: undefined },
  getEnvs: { call: (api) => api.getEnvs(), path: '/v1/auth/envs', body: undefined, reply: { envs: [{ id: 3, name: 'prod', display_name: '本番環境' }] } },
  getTenantInvitations: {
    call: (api) => api.getTenantInvitations(TENANT), path: `/v1/auth/tenants/${TENANT_ENC}/invitations`, body: undefined, reply: { invitations: [invitation] },
  },
  createTenantInvitation: {
    call: (api) => api.createTenantInvitation(TENANT, { email: 'b@example.com', access_token: 'tok', envs: [{ id: 3, role_names: ['admin'] }] }),
    path: `/v1/auth/tenants/${TENANT_ENC}/invitations`, body: '{"email":"b@example.com","access_token":"tok","envs":[{"id":3,"role_names":["admin"]}]}', reply: invitation,
  },
  getTenantInvitation: {
    call: (api) => api.getTenantInvitation(TENANT, INVITATION), path: `/v1/auth/tenants/${TENANT_ENC}/invitations/${INVITATION_ENC}`, body: undefined, reply: invitation,
  },
  deleteTenantInvitation: {
    call: (api) => api.deleteTenantInvitation(TENANT, INVITATION), path: `/v1/auth/tenants/${TENANT_ENC}/invitations/${INVITATION_ENC}`, body: undefined, reply: undefined,
  },
  getInvitationValidity: {
    call: (api) => api.getInvitationValidity(INVITATION), path: `/v1/auth/invitations/${INVITATION_ENC}/validity`, body: undefined, reply: { is_valid: true },
  },
  validateInvitation: {
    call: (api) => api.validateInvitation(INVITATION, { access_token: 'tok' }),
    path: `/v1/auth/invitations/${INVITATION_ENC}/validate`, body: '{"access_token":"tok"}', reply: undefined,
  },
};

let server: Loopback;
let next: Reply = { status: 200 };
let api: SaasUserApiClient;

beforeAll(async () => {
  server = await startLoopback(() => next);
  api = createSaasUserApi({ ...creds, baseURL: server.origin, now: () => frozen });
});
afterAll(() => server.close());

async function record(call: () => Promise<unknown>, reply: Reply) {
  next = reply;
  const before = server.requests.length;
  const result = await call();
  expect(server.requests).toHaveLength(before + 1);
  const request = server.requests[before];
  if (!request) throw new Error('no request recorded');
  return { result, request };
}

describe('createSaasUserApi operations', () => {
  it('has a case for each of the 21 operations and the 25 of the tenant part, in SDK order', () => {
    expect(Object.keys(cases)).toEqual(operationNames);
    expect(operationNames).toHaveLength(48);
  });

  it('gets the user info with a signed GET /userinfo?token=<ID token>, never showing the token in an error', async () => {
    const { result, request } = await record(() => api.getUserInfo('id.tok+en/='), json(200, userInfo));
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/v1/auth/userinfo?token=id.tok%2Ben%2F%3D');
    expect(request.headers.authorization).toBe(expectedAuthorization(request, TIME, creds));
    expect(result).toEqual(userInfo);
    next = json(401, { type: 'invalid_id_token', message: 'Invalid ID Token: secret-id-token-123' });
    const error: unknown = await api.getUserInfo('secret-id-token-123').catch((e: unknown) => e);
    expect(String(error)).not.toContain('secret-id-token-123');
    expect(JSON.stringify(error)).not.toContain('secret-id-token-123');
    await expect(api.getUserInfo('')).rejects.toThrow(TypeError);
  });

  it('refuses an env id that is not a non-negative integer before any request', async () => {
    const before = server.requests.length;
    for (const envId of [1.5, -1, Number.NaN, '3' as unknown as number]) {
      await expect(api.createTenantUserRoles('t', 'u', envId, { role_names: ['admin'] })).rejects.toThrow(/envId must be a non-negative integer/);
      await expect(api.deleteTenantUserRole('t', 'u', envId, 'admin')).rejects.toThrow(TypeError);
    }
    await expect(api.getTenantUser('t', '..')).rejects.toThrow(TypeError);
    await expect(api.deleteUserAttribute('')).rejects.toThrow(/attributeName must be a non-empty string/);
    await expect(api.deleteTenantAttribute('.')).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(before);
  });

  it.each(operationNames)('sends %s as the operation table says, signed over the exact bytes', async (name) => {
    const spec = operations[name];
    const c = cases[name];
    const reply: Reply = c.reply === undefined ? { status: spec.successStatus } : json(spec.successStatus, c.reply);
    const { result, request } = await record(() => c.call(api), reply);

    expect(request.method).toBe(spec.method);
    expect(request.url).toBe(c.path);
    expect(request.headers.authorization).toBe(expectedAuthorization(request, TIME, creds));
    expect(request.headers.authorization).toMatch(/^SAASUSSIGV1 Sig=[0-9a-f]{64}, SaaSID=saas-1, APIKey=api-key-1$/);
    if (c.body === undefined) {
      expect('body' in spec).toBe(false);
      expect(request.body.length).toBe(0);
      expect(request.headers['content-type']).toBeUndefined();
    } else {
      expect('body' in spec).toBe(true);
      expect(request.body.toString('utf8')).toBe(c.body);
      expect(request.headers['content-type']).toBe('application/json');
    }
    expect(result).toEqual(c.reply);
  });

  it('sends {} for a body-taking operation called without a body, like the JS SDK', async () => {
    const bare = api.requestExternalUserLink as (param?: unknown) => Promise<void>;
    const { request } = await record(() => bare(), { status: 200 });
    expect(request.body.toString()).toBe('{}');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe(expectedAuthorization(request, TIME, creds));
  });

  it('exchanges a callback code with a signed GET /credentials?code=…&auth-flow=tempCodeAuth, as the SDKs do', async () => {
    const tokens = { id_token: 'id', access_token: 'acc', refresh_token: 'ref' };
    const { result, request } = await record(() => api.getCredentials('a+b/c=d'), json(200, tokens));
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/v1/auth/credentials?code=a%2Bb%2Fc%3Dd&auth-flow=tempCodeAuth');
    expect(request.headers.authorization).toBe(expectedAuthorization(request, TIME, creds));
    expect(result).toEqual(tokens);
  });

  it('signs verifiably with the portable @noble/hashes HMAC too', async () => {
    const portable = createSaasUserApi({ ...creds, baseURL: server.origin, now: () => frozen, hmac: hmacSha256HexPortable });
    const { request } = await record(() => portable.updateSaasUserAttributes(USER, { attributes: { name: 'é' } }), { status: 200 });
    expect(request.headers.authorization).toBe(expectedAuthorization(request, TIME, creds));
  });

  it('signs with the current minute of the injected clock', async () => {
    const later = createSaasUserApi({ ...creds, baseURL: server.origin, now: () => new Date(Date.UTC(2030, 0, 1, 0, 5, 1)) });
    const { request } = await record(() => later.getSaasUsers(), json(200, { users: [] }));
    expect(request.headers.authorization).toBe(expectedAuthorization(request, '203001010005', creds));
  });

  it('forwards referers, extra headers and the incoming trace id without signing them', async () => {
    const withHeaders = createSaasUserApi({
      ...creds, baseURL: server.origin, now: () => frozen,
      referer: 'https://app.example.com/settings', xSaasusReferer: '/settings/mfa', headers: { 'X-App': 'a' },
    });
    const { request } = await record(
      () => withHeaders.getSaasUser(USER, { traceId: 'trace-in-1', headers: { 'X-Call': 'c' } }),
      json(200, saasUser),
    );
    expect(request.headers.referer).toBe('https://app.example.com/settings');
    expect(request.headers['x-saasus-referer']).toBe('/settings/mfa');
    expect(request.headers['x-saasus-trace-id']).toBe('trace-in-1');
    expect(request.headers['x-app']).toBe('a');
    expect(request.headers['x-call']).toBe('c');
    expect(request.headers.authorization).toBe(expectedAuthorization(request, TIME, creds));
  });

  it('keeps a path prefix of the base URL in the request and in the signature', async () => {
    const prefixed = createSaasUserApi({ ...creds, baseURL: `${server.origin}/saasus/`, now: () => frozen });
    const { request } = await record(() => prefixed.getSaasUsers(), json(200, { users: [] }));
    expect(request.url).toBe('/saasus/v1/auth/users');
    expect(request.headers.authorization).toBe(expectedAuthorization(request, TIME, creds));
  });
});
