import { describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { createSaasUserApi } from '../../src/api/index.js';
import type { UserSession } from '../../src/api/flows-api.js';
import { operationNames, operations } from '../../src/api/operations.js';
import { createEmulator, type FaultTarget } from '../../src/emulator/index.js';
import type { AttributeDefinition } from '../../src/machines/index.js';
import { createSaasusProxy } from '../../src/proxy/index.js';
import { browserRoutes } from '../../src/proxy/routes.js';
import { proxyTransport } from '../../src/proxy/transport.js';
import { createSaasusFlows } from '../../src/services/index.js';
import { emulatorSession } from '../../src/testing/index.js';

const APP = 'http://app.test';
const BASE = `${APP}/api/saasus`;
const EMAIL = 'ann@example.com';
const TENANT_ATTRIBUTES: AttributeDefinition[] = [{ attribute_name: 'seats', display_name: 'Seats', attribute_type: 'number' }];
const USER_ATTRIBUTES: AttributeDefinition[] = [{ attribute_name: 'birthday', display_name: 'Birthday', attribute_type: 'date' }];
const FORM = { tenant_name: 'Acme', tenant_attributes: { seats: '5' }, user_attributes: { birthday: '1990-02-28' } };

/*
 * The proxy's self sign-up over the signing client and the in-process emulator: real signatures,
 * real tenant state (read back from the emulator's exported state), calls counted from the
 * emulator's request log and failures injected with its faults.
 */
function setup() {
  const emulator = createEmulator();
  emulator.control.seedDefinitions({ tenantAttributes: TENANT_ATTRIBUTES, userAttributes: USER_ATTRIBUTES });
  const client = createSaasUserApi({ baseURL: 'http://saasus.test', ...emulator.credentials, fetch: emulator.fetch, retry: false });
  const sessions = new Map<string, UserSession>();
  const proxy = createSaasusProxy({
    api: client,
    authenticate: (request) => sessions.get(/sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? '') ?? null,
  });
  /** Signs `email` up, sets a password through the emulator's sign-in and opens an app session. */
  const signIn = async (email: string, withIdToken = true) => {
    await client.signUp({ email });
    const { userId, accessToken, credentials } = emulatorSession(emulator, { email, newPassword: 'N3w-passw0rd!' });
    const cookie = `sid=s${sessions.size + 1}`;
    sessions.set(cookie.slice(4), { userId, accessToken, ...(withIdToken ? { idToken: credentials.id_token } : {}) });
    return { cookie, userId, idToken: credentials.id_token };
  };
  const send = (method: string, path: string, cookie?: string, body?: unknown) =>
    proxy(
      new Request(`${BASE}${path}`, {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  /** The emulator's tenants, straight from its state, oldest first. */
  const tenants = () => Object.values(emulator.control.exportState().tenants).sort((a, b) => a.createdAt - b.createdAt);
  /** The members of a tenant in the emulator's state: address, attribute values and role names per env id. */
  const tenantUsers = (tenantId: string) => {
    const state = emulator.control.exportState();
    const tenant = state.tenants[tenantId];
    return (tenant?.members ?? []).map((id) => ({
      id, email: state.users[id]?.email, attributes: tenant?.tenantUsers[id]?.attributes, roles: tenant?.tenantUsers[id]?.envs,
    }));
  };
  /** The API operations that reached the emulator, in order. */
  const calls = (): FaultTarget[] => emulator.control.requestLog().map((record) => record.operation);
  return { proxy, emulator, client, signIn, send, tenants, tenantUsers, calls };
}

describe('proxy self sign-up', () => {
  it('answers the form: the user address, no tenants, the attribute definitions', async () => {
    const { signIn, send } = setup();
    const { cookie } = await signIn(EMAIL);
    const response = await send('GET', '/self-sign-up', cookie);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ email: EMAIL, tenants: [], tenant_attributes: TENANT_ATTRIBUTES, user_attributes: USER_ATTRIBUTES });
  });

  it('creates the tenant, the tenant user and the admin role in env 3 for the session user', async () => {
    const { client, signIn, send, tenants, tenantUsers } = setup();
    const { cookie, userId } = await signIn(EMAIL);
    const response = await send('POST', '/self-sign-up', cookie, FORM);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { tenant: { id: string }; tenant_user: { id: string } };
    expect(tenants().map((tenant) => tenant.id)).toEqual([body.tenant.id]);
    expect((await client.getTenants()).tenants).toEqual([body.tenant]);
    expect(body.tenant).toMatchObject({ name: 'Acme', attributes: { seats: 5 }, back_office_staff_email: EMAIL });
    expect(tenantUsers(body.tenant.id)).toEqual([{ id: userId, email: EMAIL, attributes: { birthday: '1990-02-28' }, roles: { 3: ['admin'] } }]);
    expect(body.tenant_user).toEqual({ id: userId });
  });

  it('refuses a user who already has a tenant with 409 and a {type, message} body, creating nothing', async () => {
    const { signIn, send, tenants } = setup();
    const { cookie } = await signIn(EMAIL);
    expect((await send('POST', '/self-sign-up', cookie, FORM)).status).toBe(201);
    const again = await send('POST', '/self-sign-up', cookie, { ...FORM, tenant_name: 'Second' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      type: 'already_member',
      message: 'You already belong to a tenant.',
      data: { tenants: [{ id: tenants()[0]?.id, name: 'Acme' }] },
    });
    expect(tenants()).toHaveLength(1);
  });

  it('creates one tenant for two concurrent self sign-ups of one user', async () => {
    const { signIn, send, tenants, tenantUsers, calls } = setup();
    const { cookie, userId } = await signIn(EMAIL);
    const answers = await Promise.all([send('POST', '/self-sign-up', cookie, FORM), send('POST', '/self-sign-up', cookie, FORM)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(tenants()).toHaveLength(1);
    expect(tenantUsers(tenants()[0]?.id ?? '').map((member) => member.id)).toEqual([userId]);
    expect(calls().filter((call) => call === 'createTenant')).toHaveLength(1);
    expect(calls().filter((call) => call === 'createTenantUser')).toHaveLength(1);
  });

  it('lets two users sign up at the same time, each into their own tenant', async () => {
    const { signIn, send, tenants, tenantUsers } = setup();
    const ann = await signIn(EMAIL);
    const bob = await signIn('bob@example.com');
    const answers = await Promise.all([send('POST', '/self-sign-up', ann.cookie, FORM), send('POST', '/self-sign-up', bob.cookie, FORM)]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(tenants().map((tenant) => tenant.backOfficeStaffEmail).sort()).toEqual([EMAIL, 'bob@example.com']);
    expect(tenants().map((tenant) => tenantUsers(tenant.id).map((member) => member.email)).sort()).toEqual([['ann@example.com'], ['bob@example.com']]);
  });

  it.each(['createTenant', 'createTenantUser', 'createTenantUserRoles'] as const)('resumes after %s failed: the retry creates one tenant and one tenant user', async (operation) => {
    const { emulator, signIn, send, tenants, tenantUsers, calls } = setup();
    const { cookie, userId } = await signIn(EMAIL);
    emulator.control.injectFault(operation, { status: 500, type: 'internal_error', message: 'SaaSus failed.' });
    const failed = await send('POST', '/self-sign-up', cookie, FORM);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ type: 'internal_error' });
    expect(calls().filter((call) => call === operation)).toHaveLength(1);
    const retried = await send('POST', '/self-sign-up', cookie, FORM);
    expect(retried.status).toBe(201);
    const [tenant] = tenants();
    expect(tenants()).toHaveLength(1);
    expect(tenantUsers(tenant?.id ?? '')).toHaveLength(1);
    expect(tenantUsers(tenant?.id ?? '')[0]).toMatchObject({ id: userId, roles: { 3: ['admin'] } });
    // The retry resumed at the failed step: the steps before it ran once.
    const created = calls().filter((call) => call.startsWith('createTenant'));
    const steps = ['createTenant', 'createTenantUser', 'createTenantUserRoles'];
    expect(created).toEqual([...steps.slice(0, steps.indexOf(operation) + 1), ...steps.slice(steps.indexOf(operation))]);
  });

  it.each([
    ['no tenant name', { ...FORM, tenant_name: '' }, 'Enter a tenant name.'],
    ['a number that is not one', { ...FORM, tenant_attributes: { seats: 'many' } }, 'Enter a number for Seats.'],
    ['a date that is not on the calendar', { ...FORM, user_attributes: { birthday: '1990-02-30' } }, 'Enter Birthday as a date such as 2026-11-30.'],
    ['a user id', { ...FORM, user_id: 'someone-else' }, 'Do not send "user_id": the proxy acts for the user of your session.'],
    ['a back-office address', { ...FORM, back_office_staff_email: 'eve@example.com' }, 'This request does not take "back_office_staff_email".'],
  ])('refuses %s with 400 before creating anything', async (_, body, message) => {
    const { signIn, send, tenants, calls } = setup();
    const { cookie } = await signIn(EMAIL);
    const response = await send('POST', '/self-sign-up', cookie, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ type: 'invalid_parameter', message });
    expect(calls().filter((call) => call.startsWith('create'))).toEqual([]);
    expect(tenants()).toEqual([]);
  });

  it('needs a signed-in user with an ID token', async () => {
    const { signIn, send } = setup();
    expect((await send('POST', '/self-sign-up', undefined, FORM)).status).toBe(401);
    const { cookie } = await signIn(EMAIL, false);
    const response = await send('GET', '/self-sign-up', cookie);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ type: 'unauthenticated', message: 'Sign in again to create your tenant.' });
    expect((await send('DELETE', '/self-sign-up', cookie)).status).toBe(405);
  });

  it('runs the tenant sign-up in a browser through proxyTransport, to signedUp', async () => {
    const { proxy, client, signIn, calls } = setup();
    const { cookie } = await signIn(EMAIL);
    const transport = proxyTransport(BASE, { fetch: (input, init) => proxy(new Request(new Request(input, init), { headers: { ...Object.fromEntries(new Headers(init?.headers)), cookie } })) });
    const actor = createActor(createSaasusFlows(transport).tenantSignUpMachine, { input: {} }).start();
    for (let i = 0; i < 50 && !actor.getSnapshot().matches('enteringDetails'); i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(actor.getSnapshot().context.tenantAttributes).toEqual(TENANT_ATTRIBUTES);
    actor.send({ type: 'selfSignUp.submit', tenantName: 'Acme', tenantAttributes: { seats: '5' }, userAttributes: { birthday: '1990-02-28' } });
    const output = await toPromise(actor);
    expect(output).toEqual({ status: 'signedUp', tenant: (await client.getTenants()).tenants[0] });
    expect((await client.getTenants()).tenants).toHaveLength(1);
    expect(calls().filter((call) => call === 'getUserInfo')).toHaveLength(2);
  });
});

describe('proxy routes', () => {
  it('reach no administrative tenant operation from the browser', async () => {
    const tenantOperations = ['getTenants', 'createTenant', 'getTenant', 'updateTenant', 'deleteTenant', 'createTenantUser', 'createTenantUserRoles', 'getTenantAttributes', 'getUserAttributes'];
    expect(Object.keys(browserRoutes).filter((name) => /tenant|attribute/i.test(name) && !/aws/i.test(name.toLowerCase()))).toEqual([]);
    const proxied = operationNames.filter((name) => (operations[name] as { proxy?: string }).proxy !== undefined);
    expect(proxied.filter((name) => tenantOperations.includes(name) || (/Tenant/.test(name) && !/AwsMarketplace/.test(name)))).toEqual([]);
    expect(Object.keys(proxyTransport(BASE)).filter((name) => tenantOperations.includes(name))).toEqual([]);
    const { signIn, send, calls } = setup();
    const { cookie } = await signIn(EMAIL);
    const before = calls().length;
    for (const [method, path] of [['POST', '/tenants'], ['GET', '/tenants'], ['POST', '/tenants/t1/users'], ['POST', '/tenants/t1/users/u1/envs/3/roles'], ['GET', '/tenant-attributes'], ['GET', '/user-attributes']] as const) {
      expect((await send(method, path, cookie, method === 'POST' ? {} : undefined)).status, `${method} ${path}`).toBe(404);
    }
    expect(calls()).toHaveLength(before); // nothing reached SaaSus
  });
});
