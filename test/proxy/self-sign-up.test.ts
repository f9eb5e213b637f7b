import { describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { createSaasUserApi } from '../../src/api/index.js';
import type { UserSession } from '../../src/api/flows-api.js';
import { operationNames, operations } from '../../src/api/operations.js';
import { createEmulator } from '../../src/emulator/index.js';
import type { AttributeDefinition } from '../../src/machines/index.js';
import { createSaasusProxy } from '../../src/proxy/index.js';
import { browserRoutes } from '../../src/proxy/routes.js';
import { proxyTransport } from '../../src/proxy/transport.js';
import { createSaasusFlows } from '../../src/services/index.js';
import { serverError } from '../../src/testing/index.js';
import { createTenantSaasusFake } from '../support/tenant-saasus-fake.js';

const APP = 'http://app.test';
const BASE = `${APP}/api/saasus`;
const EMAIL = 'ann@example.com';
const TENANT_ATTRIBUTES: AttributeDefinition[] = [{ attribute_name: 'seats', display_name: 'Seats', attribute_type: 'number' }];
const USER_ATTRIBUTES: AttributeDefinition[] = [{ attribute_name: 'birthday', display_name: 'Birthday', attribute_type: 'date' }];
const FORM = { tenant_name: 'Acme', tenant_attributes: { seats: '5' }, user_attributes: { birthday: '1990-02-28' } };

/*
 * The proxy's self sign-up over the signing client (flows' operations, on the emulator) and an
 * in-test stand-in for the SaaSus tenant operations, which the emulator does not have yet.
 */
function setup() {
  const emulator = createEmulator();
  const client = createSaasUserApi({ baseURL: 'http://saasus.test', ...emulator.credentials, fetch: emulator.fetch, retry: false });
  const fake = createTenantSaasusFake({ tenantAttributes: TENANT_ATTRIBUTES, userAttributes: USER_ATTRIBUTES });
  const sessions = new Map<string, UserSession>();
  const proxy = createSaasusProxy({
    api: Object.assign(client, fake.api),
    authenticate: (request) => sessions.get(/sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? '') ?? null,
  });
  const signIn = (email: string, withIdToken = true) => {
    const { userId, idToken } = fake.addUser(email);
    const cookie = `sid=s${sessions.size + 1}`;
    sessions.set(cookie.slice(4), { userId, accessToken: `access-${userId}`, ...(withIdToken ? { idToken } : {}) });
    return { cookie, userId, idToken };
  };
  const send = (method: string, path: string, cookie?: string, body?: unknown) =>
    proxy(
      new Request(`${BASE}${path}`, {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  return { proxy, fake, signIn, send };
}

describe('proxy self sign-up', () => {
  it('answers the form: the user address, no tenants, the attribute definitions', async () => {
    const { signIn, send } = setup();
    const { cookie } = signIn(EMAIL);
    const response = await send('GET', '/self-sign-up', cookie);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ email: EMAIL, tenants: [], tenant_attributes: TENANT_ATTRIBUTES, user_attributes: USER_ATTRIBUTES });
  });

  it('creates the tenant, the tenant user and the admin role in env 3 for the session user', async () => {
    const { fake, signIn, send } = setup();
    const { cookie, userId } = signIn(EMAIL);
    const response = await send('POST', '/self-sign-up', cookie, FORM);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { tenant: { id: string }; tenant_user: { id: string } };
    expect(fake.tenants()).toEqual([body.tenant]);
    expect(body.tenant).toMatchObject({ name: 'Acme', attributes: { seats: 5 }, back_office_staff_email: EMAIL });
    expect(fake.tenantUsers(body.tenant.id)).toEqual([{ id: userId, email: EMAIL, attributes: { birthday: '1990-02-28' }, roles: { 3: ['admin'] } }]);
    expect(body.tenant_user).toEqual({ id: userId });
  });

  it('refuses a user who already has a tenant with 409 and a {type, message} body, creating nothing', async () => {
    const { fake, signIn, send } = setup();
    const { cookie } = signIn(EMAIL);
    expect((await send('POST', '/self-sign-up', cookie, FORM)).status).toBe(201);
    const again = await send('POST', '/self-sign-up', cookie, { ...FORM, tenant_name: 'Second' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      type: 'already_member',
      message: 'You already belong to a tenant.',
      data: { tenants: [{ id: fake.tenants()[0]?.id, name: 'Acme' }] },
    });
    expect(fake.tenants()).toHaveLength(1);
  });

  it('creates one tenant for two concurrent self sign-ups of one user', async () => {
    const { fake, signIn, send } = setup();
    const { cookie } = signIn(EMAIL);
    const answers = await Promise.all([send('POST', '/self-sign-up', cookie, FORM), send('POST', '/self-sign-up', cookie, FORM)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(fake.tenants()).toHaveLength(1);
    expect(fake.calls.filter((call) => call === 'createTenant')).toHaveLength(1);
    expect(fake.calls.filter((call) => call === 'createTenantUser')).toHaveLength(1);
  });

  it('lets two users sign up at the same time, each into their own tenant', async () => {
    const { fake, signIn, send } = setup();
    const ann = signIn(EMAIL);
    const bob = signIn('bob@example.com');
    const answers = await Promise.all([send('POST', '/self-sign-up', ann.cookie, FORM), send('POST', '/self-sign-up', bob.cookie, FORM)]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(fake.tenants().map((tenant) => tenant.back_office_staff_email).sort()).toEqual([EMAIL, 'bob@example.com']);
  });

  it.each(['createTenant', 'createTenantUser', 'createTenantUserRoles'] as const)('resumes after %s failed: the retry creates one tenant and one tenant user', async (operation) => {
    const { fake, signIn, send } = setup();
    const { cookie } = signIn(EMAIL);
    fake.fail(operation, serverError(operation, 500, 'internal_error'));
    const failed = await send('POST', '/self-sign-up', cookie, FORM);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ type: 'internal_error' });
    const retried = await send('POST', '/self-sign-up', cookie, FORM);
    expect(retried.status).toBe(201);
    const [tenant] = fake.tenants();
    expect(fake.tenants()).toHaveLength(1);
    expect(fake.tenantUsers(tenant?.id ?? '')).toHaveLength(1);
    expect(fake.tenantUsers(tenant?.id ?? '')[0]?.roles).toEqual({ 3: ['admin'] });
  });

  it.each([
    ['no tenant name', { ...FORM, tenant_name: '' }, 'Enter a tenant name.'],
    ['a number that is not one', { ...FORM, tenant_attributes: { seats: 'many' } }, 'Enter a number for Seats.'],
    ['a date that is not on the calendar', { ...FORM, user_attributes: { birthday: '1990-02-30' } }, 'Enter Birthday as a date such as 2026-11-30.'],
    ['a user id', { ...FORM, user_id: 'someone-else' }, 'Do not send "user_id": the proxy acts for the user of your session.'],
    ['a back-office address', { ...FORM, back_office_staff_email: 'eve@example.com' }, 'This request does not take "back_office_staff_email".'],
  ])('refuses %s with 400 before creating anything', async (_, body, message) => {
    const { fake, signIn, send } = setup();
    const { cookie } = signIn(EMAIL);
    const response = await send('POST', '/self-sign-up', cookie, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ type: 'invalid_parameter', message });
    expect(fake.calls.filter((call) => call.startsWith('create'))).toEqual([]);
  });

  it('needs a signed-in user with an ID token', async () => {
    const { signIn, send } = setup();
    expect((await send('POST', '/self-sign-up', undefined, FORM)).status).toBe(401);
    const { cookie } = signIn(EMAIL, false);
    const response = await send('GET', '/self-sign-up', cookie);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ type: 'unauthenticated', message: 'Sign in again to create your tenant.' });
    expect((await send('DELETE', '/self-sign-up', cookie)).status).toBe(405);
  });

  it('runs the tenant sign-up in a browser through proxyTransport, to signedUp', async () => {
    const { proxy, fake, signIn } = setup();
    const { cookie } = signIn(EMAIL);
    const transport = proxyTransport(BASE, { fetch: (input, init) => proxy(new Request(new Request(input, init), { headers: { ...Object.fromEntries(new Headers(init?.headers)), cookie } })) });
    const actor = createActor(createSaasusFlows(transport).tenantSignUpMachine, { input: {} }).start();
    for (let i = 0; i < 50 && !actor.getSnapshot().matches('enteringDetails'); i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(actor.getSnapshot().context.tenantAttributes).toEqual(TENANT_ATTRIBUTES);
    actor.send({ type: 'selfSignUp.submit', tenantName: 'Acme', tenantAttributes: { seats: '5' }, userAttributes: { birthday: '1990-02-28' } });
    const output = await toPromise(actor);
    expect(output).toEqual({ status: 'signedUp', tenant: fake.tenants()[0] });
    expect(fake.calls.filter((call) => call === 'getUserInfo')).toHaveLength(2);
  });
});

describe('proxy routes', () => {
  it('reach no administrative tenant operation from the browser', async () => {
    const tenantOperations = ['getTenants', 'createTenant', 'getTenant', 'updateTenant', 'deleteTenant', 'createTenantUser', 'createTenantUserRoles', 'getTenantAttributes', 'getUserAttributes'];
    expect(Object.keys(browserRoutes).filter((name) => /tenant|attribute/i.test(name) && !/aws/i.test(name.toLowerCase()))).toEqual([]);
    const proxied = operationNames.filter((name) => (operations[name] as { proxy?: string }).proxy !== undefined);
    expect(proxied.filter((name) => tenantOperations.includes(name) || (/Tenant/.test(name) && !/AwsMarketplace/.test(name)))).toEqual([]);
    expect(Object.keys(proxyTransport(BASE)).filter((name) => tenantOperations.includes(name))).toEqual([]);
    const { signIn, send } = setup();
    const { cookie } = signIn(EMAIL);
    for (const [method, path] of [['POST', '/tenants'], ['GET', '/tenants'], ['POST', '/tenants/t1/users'], ['POST', '/tenants/t1/users/u1/envs/3/roles'], ['GET', '/tenant-attributes'], ['GET', '/user-attributes']] as const) {
      expect((await send(method, path, cookie, method === 'POST' ? {} : undefined)).status, `${method} ${path}`).toBe(404);
    }
  });
});
