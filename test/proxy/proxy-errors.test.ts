import { describe, expect, it } from 'vitest';
import { createSaasUserApi, isApiError } from '../../src/api/index.js';
import { createAuthenticator } from '../../src/testing/index.js';
import { createSaasusProxy } from '../../src/proxy/handler.js';
import { createProxyFixture } from './proxy-fixture.js';

async function textOf(response: Response): Promise<string> {
  return `${response.status} ${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await response.text()}`;
}

describe('createSaasusProxy errors and secrets', () => {
  it('answers an error from SaaSus with the same status and {type, message, data} body', async () => {
    const f = createProxyFixture();
    f.emulator.control.injectFault('signUp', { status: 409, type: 'user_exists', message: 'Already registered.' });
    const injected = await f.send('POST', '/sign-up', { body: { email: 'dup@example.com' } });
    expect(injected.status).toBe(409);
    expect(await injected.json()).toEqual({ type: 'user_exists', message: 'Already registered.' });

    const { cookie, session } = await f.signedInUser('wrong-code@example.com');
    await f.send('POST', '/email/request', { cookie, body: { email: 'new-address@example.com' } });
    const direct = await f.api.confirmEmailUpdate(session.userId, { code: '000000', access_token: session.accessToken }).catch((e: unknown) => e);
    if (!isApiError(direct)) throw new Error('expected the direct call to fail');
    const proxied = await f.send('POST', '/email/confirm', { cookie, body: { code: '000000' } });
    expect(proxied.status).toBe(direct.status);
    expect(await proxied.json()).toEqual({ type: direct.type, message: direct.message, ...(direct.data ? { data: expect.any(Object) } : {}) });
  });

  it('never puts the secret key or the access token in any response', async () => {
    const f = createProxyFixture();
    const { cookie, session } = await f.signedInUser('secrets@example.com');
    const app = createAuthenticator({ now: () => f.emulator.control.clock.now() });
    const seen: string[] = [];
    const record = async (r: Response) => {
      const text = await textOf(r.clone());
      seen.push(text);
      return r;
    };
    const secret = await record(await f.send('POST', '/mfa/secret-code', { cookie, body: {} }));
    const { secret_code } = (await secret.json()) as { secret_code: string };
    await record(await f.send('PUT', '/mfa/software-token', { cookie, body: { verification_code: app.wrongCode(secret_code) } }));
    await record(await f.send('PUT', '/mfa/software-token', { cookie, body: { verification_code: app.code(secret_code) } }));
    await record(await f.send('PATCH', '/mfa/preference', { cookie, body: { enabled: true, method: 'softwareToken' } }));
    await record(await f.send('GET', '/mfa/preference', { cookie }));
    await record(await f.send('POST', '/email/confirm', { cookie, body: { code: '123456' } }));
    await record(await f.send('POST', '/external-users/confirm', { cookie, body: { code: '123456' } }));
    await record(await f.send('POST', '/aws-marketplace/sign-up-confirm', { cookie, body: { registration_token: 'bogus' } }));
    await record(await f.send('POST', '/email/request', { cookie, body: { email: 'x@example.com', access_token: session.accessToken } }));

    // A proxy whose client signs with the wrong secret: SaaSus refuses the signature.
    const wrongKey = createSaasUserApi({ baseURL: 'http://saasus.test', ...f.emulator.credentials, secretKey: 'not-the-secret', fetch: f.emulator.fetch, retry: false });
    const misconfigured = createSaasusProxy({ api: wrongKey, authenticate: () => session });
    await record(await misconfigured(new Request('http://app.test/api/saasus/mfa/preference')));
    await record(await misconfigured(new Request('http://app.test/api/saasus/sign-up', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"z@example.com"}' })));

    expect(seen).toHaveLength(11);
    expect(seen.some((t) => t.startsWith('200'))).toBe(true);
    expect(seen.some((t) => t.startsWith('401') || t.startsWith('403'))).toBe(true);
    for (const text of seen) {
      expect(text).not.toContain(f.emulator.credentials.secretKey);
      expect(text).not.toContain('not-the-secret');
      expect(text).not.toContain(session.accessToken);
    }
  });

  it('answers an unexpected failure with a generic 500 and tells onError', async () => {
    const reported: unknown[] = [];
    const f = createProxyFixture();
    const proxy = createSaasusProxy({
      api: f.api,
      authenticate: () => {
        throw new Error('session store password=hunter2 unreachable');
      },
      onError: (error) => reported.push(error),
    });
    const response = await proxy(new Request('http://app.test/api/saasus/mfa/preference'));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ type: 'internal_error', message: expect.any(String) });
    expect(text).not.toContain('hunter2');
    expect(reported).toEqual([expect.objectContaining({ message: expect.stringContaining('hunter2') })]);
  });

  it('answers 502 when SaaSus cannot be reached', async () => {
    const f = createProxyFixture();
    const down = createSaasUserApi({
      baseURL: 'http://saasus.test',
      ...f.emulator.credentials,
      fetch: () => Promise.reject(new TypeError('fetch failed: ECONNREFUSED 10.0.0.1:443')),
      retry: false,
    });
    const proxy = createSaasusProxy({ api: down, authenticate: () => null });
    const response = await proxy(new Request('http://app.test/api/saasus/sign-up', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a@example.com"}' }));
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ type: 'network', message: expect.any(String) });
    expect(text).not.toContain('10.0.0.1');
  });

  it('forwards the trace id and referers to SaaSus and echoes the trace id', async () => {
    const f = createProxyFixture();
    const response = await f.send('POST', '/sign-up', {
      body: { email: 'trace@example.com' },
      headers: { 'x-saasus-trace-id': 'trace-123', referer: 'https://app.example/sign-up', 'x-saasus-referer': '/sign-up' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-saasus-trace-id')).toBe('trace-123');
    const sent = f.upstream.at(-1);
    expect(sent?.headers.get('x-saasus-trace-id')).toBe('trace-123');
    expect(sent?.headers.get('referer')).toBe('https://app.example/sign-up');
    expect(sent?.headers.get('x-saasus-referer')).toBe('/sign-up');
  });

  it('passes the request signal on, so an aborted request is not sent upstream', async () => {
    const f = createProxyFixture();
    const request = new Request('http://app.test/api/saasus/sign-up', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"gone@example.com"}',
      signal: AbortSignal.abort(),
    });
    const response = await f.proxy(request);
    expect(response.status).toBe(499);
    expect(await response.json()).toMatchObject({ type: 'aborted' });
    expect(f.emulator.control.latestMessage('gone@example.com')).toBeUndefined();
  });
});
