import { describe, expect, it } from 'vitest';
import { operations } from '../../src/api/index.js';
import { operationNames, expandPath } from '../../src/api/operations.js';
import { createSaasusProxy } from '../../src/proxy/handler.js';
import { BASE, createProxyFixture } from './proxy-fixture.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

describe('createSaasusProxy routes', () => {
  it('never reaches an admin operation, under any method, even for a signed-in user', async () => {
    const f = createProxyFixture();
    const { cookie, session } = await f.signedInUser('admin-probe@example.com');
    const admin = operationNames.filter((name) => operations[name].audience === 'admin');
    f.upstream.length = 0;
    for (const name of admin) {
      const path = expandPath(operations[name].path, {
        user_id: session.userId, provider_name: 'Google', tenant_id: 'tenant-1', env_id: '3', role_name: 'admin', invitation_id: 'invitation-1', attribute_name: 'nickname',
      });
      for (const prefix of ['', '/v1/auth']) {
        for (const method of METHODS) {
          const body = method === 'GET' || method === 'DELETE' ? undefined : { email: 'x@example.com', password: 'Pa55word!', enabled: false, attributes: {} };
          const response = await f.send(method, `${prefix}${path}`, { cookie, body });
          expect([404, 405], `${method} ${prefix}${path}`).toContain(response.status);
        }
      }
    }
    expect(f.upstream).toEqual([]);
  });

  it('answers 404 with the error shape outside its base path and for unknown routes', async () => {
    const f = createProxyFixture();
    for (const url of ['http://app.test/other/sign-up', 'http://app.test/api/saasus', 'http://app.test/api/saasus/nope', 'http://app.test/api/saasus/%E0%A4%A']) {
      const response = await f.proxy(new Request(url, { method: 'POST' }));
      expect(response.status, url).toBe(404);
      expect(await response.json()).toEqual({ type: 'not_found', message: expect.any(String) });
    }
    expect(f.upstream).toEqual([]);
  });

  it('answers 405 with an Allow header when the route exists under another method', async () => {
    const f = createProxyFixture();
    const response = await f.send('GET', '/sign-up');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toMatchObject({ type: 'method_not_allowed' });
    const mfa = await f.send('DELETE', '/mfa/preference');
    expect(mfa.headers.get('allow')).toBe('GET, PATCH');
  });

  it('answers 401 unauthenticated on a session route without a session, and calls nothing upstream', async () => {
    const f = createProxyFixture();
    const routes: [string, string, unknown][] = [
      ['POST', '/email/request', { email: 'new@example.com' }],
      ['POST', '/email/confirm', { code: '123456' }],
      ['POST', '/external-users/request', {}],
      ['POST', '/external-users/confirm', { code: '123456' }],
      ['DELETE', '/providers/Google', undefined],
      ['GET', '/mfa/preference', undefined],
      ['POST', '/mfa/secret-code', {}],
      ['PUT', '/mfa/software-token', { verification_code: '123456' }],
      ['PATCH', '/mfa/preference', { enabled: false }],
      ['POST', '/aws-marketplace/sign-up-confirm', { registration_token: 'r' }],
      ['PATCH', '/aws-marketplace/link', { tenant_id: 't', registration_token: 'r' }],
    ];
    for (const [method, path, body] of routes) {
      for (const cookie of [undefined, 'sid=forged']) {
        const response = await f.send(method, path, { body, cookie });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(await response.json()).toEqual({ type: 'unauthenticated', message: expect.any(String) });
      }
    }
    expect(f.upstream).toEqual([]);
  });

  it('treats a session without a user id or access token as no session', async () => {
    const f = createProxyFixture();
    for (const session of [{ userId: '', accessToken: 'token-token-token' }, { userId: 'user-1', accessToken: '' }]) {
      const proxy = createSaasusProxy({ api: f.api, authenticate: () => session });
      const response = await proxy(new Request(`${BASE}/mfa/preference`));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ type: 'unauthenticated' });
    }
    expect(f.upstream).toEqual([]);
  });

  it('runs the public routes without a session', async () => {
    const f = createProxyFixture();
    const signUp = await f.send('POST', '/sign-up', { body: { email: 'new-user@example.com' } });
    expect(signUp.status).toBe(201);
    expect(await signUp.json()).toMatchObject({ email: 'new-user@example.com', id: expect.any(String) });
    expect(f.emulator.control.latestMessage('new-user@example.com', 'signUp')?.temporaryPassword).toEqual(expect.any(String));
    f.emulator.control.clock.advance(10 * 60_000);
    const resend = await f.send('POST', '/sign-up/resend', { body: { email: 'new-user@example.com' } });
    expect(resend.status).toBe(200);
    expect(await resend.text()).toBe('');
  });

  it('acts on the session user only, rejecting a body that names a user', async () => {
    const f = createProxyFixture();
    const alice = await f.signedInUser('alice@example.com');
    const bob = await f.signedInUser('bob@example.com');
    f.emulator.control.clearOutbox();
    f.upstream.length = 0;
    for (const field of ['user_id', 'userId', 'access_token', 'accessToken']) {
      const value = field.startsWith('user') ? bob.session.userId : bob.session.accessToken;
      const response = await f.send('POST', '/email/request', { cookie: alice.cookie, body: { email: 'taken@example.com', [field]: value } });
      expect(response.status, field).toBe(400);
      expect(await response.json()).toEqual({ type: 'invalid_parameter', message: expect.stringContaining(field) });
    }
    expect(f.upstream).toEqual([]);
    expect(await f.send('GET', `/users/${bob.session.userId}/mfa/preference`, { cookie: alice.cookie })).toHaveProperty('status', 404);

    const ok = await f.send('POST', '/email/request', { cookie: alice.cookie, body: { email: 'alice2@example.com' } });
    expect(ok.status).toBe(200);
    expect(f.emulator.control.outbox().map((m) => ({ to: m.to, userId: m.userId }))).toEqual([{ to: 'alice2@example.com', userId: alice.session.userId }]);
    expect(f.upstream.map((u) => u.path)).toEqual([`/v1/auth/users/${encodeURIComponent(alice.session.userId)}/email/request`]);
    expect(JSON.parse(f.upstream[0]?.body ?? '{}')).toEqual({ email: 'alice2@example.com', access_token: alice.session.accessToken });
  });

  it('scopes the MFA preference routes to the session user', async () => {
    const f = createProxyFixture();
    const alice = await f.signedInUser('mfa-alice@example.com');
    await f.signedInUser('mfa-bob@example.com');
    f.upstream.length = 0;
    const read = await f.send('GET', '/mfa/preference', { cookie: alice.cookie });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ enabled: false });
    const write = await f.send('PATCH', '/mfa/preference', { cookie: alice.cookie, body: { enabled: false, method: 'softwareToken' } });
    expect(write.status).toBe(200);
    const userPath = `/v1/auth/users/${encodeURIComponent(alice.session.userId)}/mfa/preference`;
    expect(f.upstream.map((u) => `${u.method} ${u.path}`)).toEqual([`GET ${userPath}`, `PATCH ${userPath}`]);
  });

  it('refuses unlinking an unknown provider before calling SaaSus', async () => {
    const f = createProxyFixture();
    const { cookie } = await f.signedInUser('unlink@example.com');
    f.upstream.length = 0;
    const response = await f.send('DELETE', '/providers/GitHub', { cookie });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'invalid_parameter' });
    expect(f.upstream).toEqual([]);
  });
});
