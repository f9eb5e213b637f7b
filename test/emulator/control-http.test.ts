import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticatorFor, PASSWORD, startFixture, statusAndType, type Fixture } from './support.js';

describe('emulator HTTP control surface (/_emulator)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture('over HTTP');
  });
  afterEach(async () => {
    await f.close();
  });

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const response = await fetch(`${f.baseURL}/_emulator${path}`, {
      method,
      // Control writes are JSON, with or without a body.
      ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' } }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };

  it('mirrors the outbox, sign-in with challenge, and the code exchange', async () => {
    const user = await f.api.signUp({ email: 'h@example.com' });
    const outbox = await call('GET', '/outbox?to=h%40example.com&template=signUp');
    expect(outbox).toMatchObject({ status: 200, json: { messages: [{ template: 'signUp', userId: user.id }] } });
    const latest = (await call('GET', '/outbox/latest?to=h%40example.com')).json as { temporaryPassword: string };
    const first = await call('POST', '/sign-in', { email: 'h@example.com', password: latest.temporaryPassword });
    expect(first).toMatchObject({ status: 200, json: { kind: 'NEW_PASSWORD_REQUIRED' } });
    const done = await call('POST', '/sign-in/challenge', { session: (first.json as { session: string }).session, newPassword: PASSWORD });
    expect(done).toMatchObject({ status: 200, json: { kind: 'signedIn', userId: user.id } });
    const credentials = await call('POST', '/credentials', { code: (done.json as { code: string }).code });
    expect(credentials).toMatchObject({ status: 200, json: { access_token: expect.any(String) } });
    expect(await call('POST', '/sign-in', { email: 'h@example.com', password: 'Wrong-123' })).toMatchObject({ status: 401, json: { type: 'not_authorized' } });
    expect(await call('GET', '/outbox/latest?to=nobody%40example.com')).toMatchObject({ status: 404, json: { type: 'not_found' } });
    expect(await call('DELETE', '/outbox')).toMatchObject({ status: 200 });
    expect((await call('GET', '/outbox')).json).toEqual({ messages: [] });
  });

  it('mirrors Google sign-in, registration tokens, tenants, the clock, faults, reset and state', async () => {
    const google = await call('POST', '/sign-in/google', { email: 'g@example.com' });
    expect(google).toMatchObject({ status: 200, json: { kind: 'signedIn' } });
    const userId = (google.json as { userId: string }).userId;
    const minted = await call('POST', '/registration-tokens', { ttlMs: 60_000 });
    expect(minted).toMatchObject({ status: 201, json: { registrationToken: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) } });
    expect(await call('POST', '/tenants', { name: 'Acme', userId })).toMatchObject({ status: 201, json: { name: 'Acme', back_office_staff_email: 'g@example.com' } });

    const { now } = (await call('GET', '/clock')).json as { now: number };
    expect(((await call('POST', '/clock', { advanceMs: 1_000 })).json as { now: number }).now).toBeGreaterThanOrEqual(now + 1_000);
    expect((await call('POST', '/clock', { setMs: Date.UTC(2030, 0, 1) })).json).toEqual({ now: Date.UTC(2030, 0, 1) });

    expect(await call('POST', '/faults', { operation: 'getSaasUsers', status: 503, type: 'unavailable', times: null })).toMatchObject({ status: 201 });
    await expect(f.api.getSaasUsers()).rejects.toMatchObject({ status: 503, type: 'unavailable' });
    await expect(f.api.getSaasUsers()).rejects.toMatchObject({ status: 503 });
    await call('DELETE', '/faults');
    expect((await f.api.getSaasUsers()).users).toHaveLength(1);

    const state = (await call('GET', '/state')).json;
    expect(await call('POST', '/reset')).toMatchObject({ status: 200 });
    expect((await f.api.getSaasUsers()).users).toEqual([]);
    expect(await call('PUT', '/state', state)).toMatchObject({ status: 200 });
    expect((await f.api.getSaasUsers()).users).toEqual([expect.objectContaining({ id: userId })]);
  });

  describe('hosted sign-in page', () => {
    const callback = 'http://localhost:5173/callback';

    const post = (fields: Record<string, string>) =>
      fetch(`${f.baseURL}/_emulator/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const hiddenSession = (html: string) => /name="session" value="([^"]+)"/.exec(html)?.[1] ?? '';

    it('walks temporary password → new password → 302 to the callback with a code the back end can exchange', async () => {
      await f.api.signUp({ email: 'web@example.com' });
      const page = await fetch(`${f.baseURL}/_emulator/login?redirect_uri=${encodeURIComponent(callback)}&state=xyz`);
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      expect(await page.text()).toContain('name="password"');
      const temporaryPassword = f.emulator.control.latestMessage('web@example.com')?.temporaryPassword ?? '';
      const second = await post({ step: 'password', email: 'web@example.com', password: temporaryPassword, redirect_uri: callback, state: 'xyz' });
      const html = await second.text();
      expect(html).toContain('name="newPassword"');
      const weak = await post({ step: 'new-password', session: hiddenSession(html), newPassword: 'weak', redirect_uri: callback, state: 'xyz' });
      expect([weak.status, (await weak.text()).includes('name="newPassword"')]).toEqual([400, true]);
      const done = await post({ step: 'new-password', session: hiddenSession(html), newPassword: PASSWORD, redirect_uri: callback, state: 'xyz' });
      expect(done.status).toBe(302);
      const location = new URL(done.headers.get('location') ?? '');
      expect([location.origin + location.pathname, location.searchParams.get('state')]).toEqual([callback, 'xyz']);
      await expect(f.api.getCredentials(location.searchParams.get('code') ?? '')).resolves.toMatchObject({ access_token: expect.any(String) });
    });

    it('asks for the authenticator code when MFA is on', async () => {
      const user = await f.api.createSaasUser({ email: 'totp@example.com', password: PASSWORD });
      const signIn = f.emulator.control.signIn({ email: 'totp@example.com', password: PASSWORD });
      if (signIn.kind !== 'signedIn') throw new Error('expected signedIn');
      const { access_token } = await f.api.getCredentials(signIn.code);
      const { secret_code } = await f.api.createSecretCode(user.id, { access_token });
      const app = authenticatorFor(f.emulator);
      await f.api.updateSoftwareToken(user.id, { access_token, verification_code: app.code(secret_code) });
      await f.api.updateUserMfaPreference(user.id, { enabled: true, method: 'softwareToken' });
      const html = await (await post({ step: 'password', email: 'totp@example.com', password: PASSWORD, redirect_uri: callback })).text();
      expect(html).toContain('name="totpCode"');
      const wrong = await post({ step: 'totp', session: hiddenSession(html), totpCode: app.wrongCode(secret_code), redirect_uri: callback });
      expect(wrong.status).toBe(400);
      const done = await post({ step: 'totp', session: hiddenSession(html), totpCode: app.code(secret_code), redirect_uri: callback });
      expect([done.status, done.headers.get('location')?.startsWith(`${callback}?code=`)]).toEqual([302, true]);
    });

    it('escapes everything it echoes and refuses a non-http redirect_uri', async () => {
      const evil = 'http://localhost:5173/cb?x="><script>alert(1)</script>';
      const page = await (await fetch(`${f.baseURL}/_emulator/login?redirect_uri=${encodeURIComponent(evil)}&state=${encodeURIComponent('"><img src=x>')}`)).text();
      expect(page).not.toContain('<script>');
      expect(page).not.toContain('<img');
      const failed = await post({ step: 'password', email: '<b>x</b>@example.com', password: 'nope', redirect_uri: callback });
      expect([failed.status, (await failed.text()).includes('<b>')]).toEqual([401, false]);
      expect((await fetch(`${f.baseURL}/_emulator/login?redirect_uri=javascript:alert(1)`)).status).toBe(400);
      expect(await statusAndType(await fetch(`${f.baseURL}/_emulator/login`, { method: 'POST', body: '{}' }))).toEqual([415, 'unsupported_media_type']);
    });
  });
});
