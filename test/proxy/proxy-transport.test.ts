import { describe, expect, it } from 'vitest';
import { ApiError, isApiError } from '../../src/api/index.js';
import { proxyTransport } from '../../src/proxy/transport.js';
import { createAuthenticator } from '../../src/testing/index.js';
import { BASE, createProxyFixture, type ProxyFixture } from './proxy-fixture.js';

interface Sent {
  method: string;
  url: string;
  body: string;
}

/** transport -> proxy (in-process, as the transport's fetch) -> signing client -> emulator. */
function chain(f: ProxyFixture, cookie?: string) {
  const sent: Sent[] = [];
  const transport = proxyTransport(BASE, {
    fetch: async (input, init) => {
      init?.signal?.throwIfAborted(); // as a real fetch does
      const request = new Request(input, init);
      if (cookie !== undefined) request.headers.set('cookie', cookie);
      sent.push({ method: request.method, url: request.url, body: await request.clone().text() });
      return f.proxy(request);
    },
  });
  return { transport, sent };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isApiError(error)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('proxyTransport through the proxy to the emulator', () => {
  it('signs a user up and resends the mail with no session', async () => {
    const f = createProxyFixture();
    const { transport } = chain(f);
    const user = await transport.signUp({ email: 'chain@example.com' });
    expect(user).toMatchObject({ id: expect.any(String), email: 'chain@example.com' });
    f.emulator.control.clock.advance(10 * 60_000);
    await expect(transport.resendSignUpConfirmationEmail({ email: 'chain@example.com' })).resolves.toBeUndefined();
    expect(f.emulator.control.outbox({ to: 'chain@example.com' }).map((m) => m.template)).toEqual(['signUp', 'resendCode']);
  });

  it('enrols MFA for the session user, ignoring the user id and token the caller passes', async () => {
    const f = createProxyFixture();
    const { cookie, session } = await f.signedInUser('chain-mfa@example.com');
    const { transport, sent } = chain(f, cookie);
    const app = createAuthenticator({ now: () => f.emulator.control.clock.now() });
    await expect(transport.getUserMfaPreference('someone-else')).resolves.toEqual({ enabled: false });
    const { secret_code } = await transport.createSecretCode('someone-else', { access_token: 'browser-token' });
    await transport.updateSoftwareToken('someone-else', { access_token: 'browser-token', verification_code: app.code(secret_code) });
    await transport.updateUserMfaPreference('someone-else', { enabled: true, method: 'softwareToken' });
    await expect(f.api.getUserMfaPreference(session.userId)).resolves.toEqual({ enabled: true, method: 'softwareToken' });
    for (const request of sent) {
      expect(request.url.startsWith(`${BASE}/`)).toBe(true);
      expect(request.url).not.toContain('someone-else');
      expect(request.body).not.toContain('browser-token');
    }
  });

  it('changes the email with the mailed code', async () => {
    const f = createProxyFixture();
    const { cookie, session } = await f.signedInUser('old-address@example.com');
    const { transport } = chain(f, cookie);
    await transport.requestEmailUpdate('', { email: 'new-address@example.com', access_token: '' });
    const code = f.emulator.control.latestMessage('new-address@example.com', 'updateUserAttribute')?.code ?? '';
    await transport.confirmEmailUpdate('', { code, access_token: '' });
    await expect(f.api.getSaasUser(session.userId)).resolves.toMatchObject({ email: 'new-address@example.com' });
  });

  it('rejects with the same ApiError type and status as the signing client', async () => {
    const f = createProxyFixture();
    const { cookie, session } = await f.signedInUser('chain-errors@example.com');
    const { transport } = chain(f, cookie);
    await transport.requestEmailUpdate('', { email: 'next@example.com', access_token: '' });
    const viaProxy = await rejection(transport.confirmEmailUpdate('', { code: '000000', access_token: '' }));
    const direct = await rejection(f.api.confirmEmailUpdate(session.userId, { code: '000000', access_token: session.accessToken }));
    expect(viaProxy).toBeInstanceOf(ApiError);
    expect({ kind: viaProxy.kind, status: viaProxy.status, type: viaProxy.type, operation: viaProxy.operation }).toEqual({
      kind: 'http',
      status: direct.status,
      type: direct.type,
      operation: 'confirmEmailUpdate',
    });

    f.emulator.control.injectFault('signUp', { status: 503, type: 'service_unavailable' });
    const fault = await rejection(transport.signUp({ email: 'late@example.com' }));
    expect({ status: fault.status, type: fault.type, retryable: fault.retryable }).toEqual({ status: 503, type: 'service_unavailable', retryable: true });
  });

  it('reports a missing session as an unauthenticated ApiError', async () => {
    const f = createProxyFixture();
    const { transport } = chain(f);
    const error = await rejection(transport.createSecretCode('', { access_token: '' }));
    expect({ status: error.status, type: error.type, operation: error.operation }).toEqual({ status: 401, type: 'unauthenticated', operation: 'createSecretCode' });
  });

  it('sends the path of every flow operation the proxy routes', async () => {
    const f = createProxyFixture();
    const { cookie } = await f.signedInUser('paths@example.com');
    const { transport, sent } = chain(f, cookie);
    const calls: (() => Promise<unknown>)[] = [
      () => transport.signUpWithAwsMarketplace({ email: 'm@example.com', registration_token: 'bad' }),
      () => transport.requestExternalUserLink({ access_token: '' }),
      () => transport.confirmExternalUserLink({ access_token: '', code: '000000' }),
      () => transport.unlinkProvider('Google', ''),
      () => transport.confirmSignUpWithAwsMarketplace({ access_token: '', registration_token: 'bad', tenant_name: 'Acme' }),
      () => transport.linkAwsMarketplace({ tenant_id: 't', access_token: '', registration_token: 'bad' }),
    ];
    for (const call of calls) {
      const error = await call().then(() => undefined, (e: unknown) => e);
      // Reaching SaaSus is what counts here: whatever it answers, it is not a proxy routing error.
      if (error !== undefined) {
        if (!isApiError(error)) throw error;
        expect(['not_found', 'method_not_allowed', 'invalid_parameter', 'unauthenticated']).not.toContain(error.type);
      }
    }
    expect(sent.map((s) => `${s.method} ${s.url.slice(BASE.length)}`)).toEqual([
      'POST /aws-marketplace/sign-up',
      'POST /external-users/request',
      'POST /external-users/confirm',
      'DELETE /providers/Google',
      'POST /aws-marketplace/sign-up-confirm',
      'PATCH /aws-marketplace/link',
    ]);
  });

  it('rejects with an aborted ApiError when the caller aborts, and a network one when the back end is down', async () => {
    const f = createProxyFixture();
    const { transport } = chain(f);
    const aborted = await rejection(transport.signUp({ email: 'abort@example.com' }, { signal: AbortSignal.abort() }));
    expect({ kind: aborted.kind, type: aborted.type }).toEqual({ kind: 'aborted', type: 'aborted' });
    const down = proxyTransport(BASE, { fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    const network = await rejection(down.signUp({ email: 'x@example.com' }));
    expect({ kind: network.kind, status: network.status, retryable: network.retryable }).toEqual({ kind: 'network', status: 0, retryable: true });
  });
});
