import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, signedInUser, signedRequest, startFixture, type Fixture, type SignedInUser } from './support.js';

/*
 * SaaSus's sample back end (saasus-platform/implementation-sample-api-javascript, src/index.ts)
 * cannot run here: its `saasus-sdk` dependency is not in the reachable registry. These tests make,
 * over HTTP against the served emulator, the calls each of its self-sign-up and user-management
 * routes makes, in its order, as the SDK's generated client sends them: the same method, path,
 * query names and JSON body field names, `content-type: application/json` on every request (the
 * SDK's axios instance sets it) and a SAASUSSIGV1 signature over the path with its query and the
 * body. Every call must answer 2xx with the fields the route then reads.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Json = Record<string, unknown>;

/** One call of the SDK's generated Auth API client; throws unless it answers 2xx. */
async function sdkCall(f: Fixture, method: string, path: string, options: { query?: Record<string, string>; body?: unknown } = {}): Promise<Json> {
  const search = options.query === undefined ? '' : `?${new URLSearchParams(options.query).toString()}`;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const response = await signedRequest(f, method, `/v1/auth${path}${search}`, { headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBeGreaterThanOrEqual(200);
  expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return text === '' ? {} : (JSON.parse(text) as Json);
}

/** The SDK's AuthMiddleware on every sample route: the browser's ID token goes to `GET /userinfo?token=`. */
const authMiddleware = (f: Fixture, idToken: string) => sdkCall(f, 'GET', '/userinfo', { query: { token: idToken } });

/** The sample's rule for form values: a value of a `number`-typed attribute is parsed as an integer; others are sent as typed. */
function converted(definitions: unknown, values: Record<string, string>): Json {
  const out: Json = { ...values };
  for (const definition of definitions as { attribute_name: string; attribute_type: string }[]) {
    const value = values[definition.attribute_name];
    if (value && definition.attribute_type === 'number') out[definition.attribute_name] = Number.parseInt(value, 10);
  }
  return out;
}

const ADMIN_IN_PROD = { id: 3, name: 'prod', display_name: '本番環境', roles: [{ role_name: 'admin', display_name: '管理者' }] };

describe("SaaSus's sample back end route sequences against the served emulator", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture('over HTTP');
    // What the SaaS developer defines in the SaaSus console before the sample runs.
    f.emulator.control.seedDefinitions({
      tenantAttributes: [
        { attribute_name: 'seats', display_name: 'Seats', attribute_type: 'number' },
        { attribute_name: 'company', display_name: 'Company', attribute_type: 'string' },
      ],
      userAttributes: [
        { attribute_name: 'age', display_name: 'Age', attribute_type: 'number' },
        { attribute_name: 'joined_on', display_name: 'Joined', attribute_type: 'date' },
      ],
      roles: [{ role_name: 'user', display_name: '一般ユーザー' }],
    });
  });
  afterEach(() => f.close());

  /** `POST /self_sign_up` (src/index.ts): the whole sequence for the signed-in `admin`; returns the new tenant id. */
  async function selfSignUp(admin: SignedInUser): Promise<string> {
    const userInfo = await authMiddleware(f, admin.credentials.id_token);
    expect(userInfo).toMatchObject({ id: admin.user.id, email: 'owner@example.com', tenants: [] });

    const tenantAttributes = await sdkCall(f, 'GET', '/tenant-attributes');
    expect(tenantAttributes.tenant_attributes).toEqual([expect.objectContaining({ attribute_name: 'seats', attribute_type: 'number' }), expect.objectContaining({ attribute_name: 'company' })]);
    const createdTenant = await sdkCall(f, 'POST', '/tenants', {
      body: { name: 'Owner Co', attributes: converted(tenantAttributes.tenant_attributes, { seats: '25', company: 'Owner Co KK' }), back_office_staff_email: userInfo.email },
    });
    expect(createdTenant).toMatchObject({ id: expect.stringMatching(UUID), name: 'Owner Co', attributes: { seats: 25, company: 'Owner Co KK' } });
    const tenantId = createdTenant.id as string;

    const userAttributes = await sdkCall(f, 'GET', '/user-attributes');
    const tenantUser = await sdkCall(f, 'POST', `/tenants/${tenantId}/users`, {
      body: { email: userInfo.email, attributes: converted(userAttributes.user_attributes, { age: '41', joined_on: '2026-11-30' }) },
    });
    expect(tenantUser).toMatchObject({ id: admin.user.id, tenant_id: tenantId, email: 'owner@example.com', attributes: { age: 41, joined_on: '2026-11-30' } });
    await sdkCall(f, 'POST', `/tenants/${tenantId}/users/${tenantUser.id as string}/envs/3/roles`, { body: { role_names: ['admin'] } });
    return tenantId;
  }

  it('POST /self_sign_up, then GET /userinfo (AuthMiddleware) shows the tenant with admin in env 3', async () => {
    const owner = await signedInUser(f, 'owner@example.com');
    const tenantId = await selfSignUp(owner);
    // What the sample's front end reads from `/userinfo`: tenants[].id, name, envs[].roles[].role_name, user_attribute.
    expect((await authMiddleware(f, owner.credentials.id_token)).tenants).toEqual([
      {
        id: tenantId, name: 'Owner Co', completed_sign_up: true, envs: [ADMIN_IN_PROD],
        user_attribute: { age: 41, joined_on: '2026-11-30' }, back_office_staff_email: 'owner@example.com',
      },
    ]);
  });

  it('GET /users, /tenant_attributes, /user_attributes and /tenant_attributes_list read what the self sign-up created', async () => {
    const owner = await signedInUser(f, 'owner@example.com');
    const tenantId = await selfSignUp(owner);

    // GET /users?tenant_id=: getTenantUsers(tenantId).users
    await authMiddleware(f, owner.credentials.id_token);
    const users = (await sdkCall(f, 'GET', `/tenants/${tenantId}/users`)).users;
    expect(users).toEqual([
      { id: owner.user.id, tenant_id: tenantId, tenant_name: 'Owner Co', email: 'owner@example.com', attributes: { age: 41, joined_on: '2026-11-30' }, envs: [ADMIN_IN_PROD] },
    ]);

    // GET /tenant_attributes?tenant_id=: getTenantAttributes().tenant_attributes[].{attribute_name, display_name, attribute_type}, getTenant(tenantId).attributes[name]
    await authMiddleware(f, owner.credentials.id_token);
    const definitions = (await sdkCall(f, 'GET', '/tenant-attributes')).tenant_attributes as { attribute_name: string; display_name: string; attribute_type: string }[];
    const tenantInfo = await sdkCall(f, 'GET', `/tenants/${tenantId}`);
    const shown = Object.fromEntries(definitions.map((d) => [d.attribute_name, { display_name: d.display_name, attribute_type: d.attribute_type, value: (tenantInfo.attributes as Json)[d.attribute_name] ?? null }]));
    expect(shown).toEqual({
      seats: { display_name: 'Seats', attribute_type: 'number', value: 25 },
      company: { display_name: 'Company', attribute_type: 'string', value: 'Owner Co KK' },
    });

    // GET /user_attributes: getUserAttributes(), answered as is.
    await authMiddleware(f, owner.credentials.id_token);
    expect(await sdkCall(f, 'GET', '/user-attributes')).toEqual({
      user_attributes: [
        { attribute_name: 'age', display_name: 'Age', attribute_type: 'number' },
        { attribute_name: 'joined_on', display_name: 'Joined', attribute_type: 'date' },
      ],
    });

    // GET /tenant_attributes_list: getTenantAttributes(), answered as is.
    await authMiddleware(f, owner.credentials.id_token);
    expect((await sdkCall(f, 'GET', '/tenant-attributes')).tenant_attributes).toHaveLength(2);
  });

  it('POST /user_register, then DELETE /user_delete', async () => {
    const owner = await signedInUser(f, 'owner@example.com');
    const tenantId = await selfSignUp(owner);

    // POST /user_register {email, password, tenantId, userAttributeValues}
    const userInfo = await authMiddleware(f, owner.credentials.id_token);
    expect((userInfo.tenants as { id: string }[]).map((t) => t.id)).toContain(tenantId); // its belongingTenant check
    const userAttributes = await sdkCall(f, 'GET', '/user-attributes');
    const created = await sdkCall(f, 'POST', '/users', { body: { email: 'staff@example.com', password: PASSWORD } });
    expect(created).toMatchObject({ id: expect.stringMatching(UUID), email: 'staff@example.com' });
    const tenantUser = await sdkCall(f, 'POST', `/tenants/${tenantId}/users`, {
      body: { email: 'staff@example.com', attributes: converted(userAttributes.user_attributes, { age: '29' }) },
    });
    expect(tenantUser).toMatchObject({ id: created.id, attributes: { age: 29 } });
    const roles = (await sdkCall(f, 'GET', '/roles')).roles as { role_name: string }[];
    const addRole = roles.some((role) => role.role_name === 'user') ? 'user' : 'admin';
    expect(addRole).toBe('user');
    await sdkCall(f, 'POST', `/tenants/${tenantId}/users/${tenantUser.id as string}/envs/3/roles`, { body: { role_names: [addRole] } });
    expect(((await sdkCall(f, 'GET', `/tenants/${tenantId}/users`)).users as { email: string; envs: unknown }[]).map((u) => [u.email, u.envs])).toEqual([
      ['owner@example.com', [ADMIN_IN_PROD]],
      ['staff@example.com', [{ ...ADMIN_IN_PROD, roles: [{ role_name: 'user', display_name: '一般ユーザー' }] }]],
    ]);

    // DELETE /user_delete {tenantId, userId}: getTenantUser (its email goes to the deletion log), deleteTenantUser.
    await authMiddleware(f, owner.credentials.id_token);
    const deleteUser = await sdkCall(f, 'GET', `/tenants/${tenantId}/users/${created.id as string}`);
    expect(deleteUser.email).toBe('staff@example.com');
    expect(await sdkCall(f, 'DELETE', `/tenants/${tenantId}/users/${created.id as string}`)).toEqual({});
    expect(((await sdkCall(f, 'GET', `/tenants/${tenantId}/users`)).users as { email: string }[]).map((u) => u.email)).toEqual(['owner@example.com']);
  });

  it('POST /user_invitation (the inviter access token from X-Access-Token), then GET /invitations', async () => {
    const owner = await signedInUser(f, 'owner@example.com');
    const tenantId = await selfSignUp(owner);

    // POST /user_invitation {email, tenantId}: createTenantInvitation(tenantId, {email, access_token, envs: [{id: 3, role_names: ['admin']}]})
    await authMiddleware(f, owner.credentials.id_token);
    await sdkCall(f, 'POST', `/tenants/${tenantId}/invitations`, {
      body: { email: 'guest@example.com', access_token: owner.credentials.access_token, envs: [{ id: 3, role_names: ['admin'] }] },
    });
    expect(f.emulator.control.latestMessage('guest@example.com')).toBeDefined();

    // GET /invitations?tenant_id=: getTenantInvitations(tenantId).invitations
    await authMiddleware(f, owner.credentials.id_token);
    const invitations = (await sdkCall(f, 'GET', `/tenants/${tenantId}/invitations`)).invitations;
    expect(invitations).toEqual([
      {
        id: expect.stringMatching(UUID), email: 'guest@example.com', invitation_url: expect.any(String),
        envs: [ADMIN_IN_PROD], expired_at: expect.any(Number), status: 'pending',
      },
    ]);
  });

  it('GET /credentials (the SDK callback) and GET /refresh exchange codes and refresh tokens with the query names the SDK sends', async () => {
    await signedInUser(f, 'owner@example.com');
    const signIn = f.emulator.control.signIn({ email: 'owner@example.com', password: PASSWORD });
    if (signIn.kind !== 'signedIn') throw new Error(`expected signedIn, got ${signIn.kind}`);
    // CallbackRouteFunction: getAuthCredentials(code, 'tempCodeAuth').
    const credentials = await sdkCall(f, 'GET', '/credentials', { query: { code: signIn.code, 'auth-flow': 'tempCodeAuth' } });
    expect(credentials).toEqual({ id_token: expect.any(String), access_token: expect.any(String), refresh_token: expect.any(String) });
    // GET /refresh: getAuthCredentials('', 'refreshTokenAuth', refreshToken); the empty code is sent too.
    const refreshed = await sdkCall(f, 'GET', '/credentials', { query: { code: '', 'auth-flow': 'refreshTokenAuth', 'refresh-token': credentials.refresh_token as string } });
    expect(refreshed).toMatchObject({ id_token: expect.any(String), access_token: expect.any(String) });
    expect(await authMiddleware(f, refreshed.id_token as string)).toMatchObject({ email: 'owner@example.com' });
  });
});
