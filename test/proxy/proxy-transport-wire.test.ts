import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../src/api/index.js';
import { proxyTransport } from '../../src/proxy/transport.js';

interface Sent {
  request: string;
  body: string | undefined;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
}

/** A transport whose `fetch` records what would go on the wire and answers `{}`. */
function recording(options: Parameters<typeof proxyTransport>[1] = {}) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (input, init) => {
    sent.push({
      request: `${init?.method} ${String(input)}`,
      body: typeof init?.body === 'string' ? init.body : undefined,
      headers: Object.fromEntries(new Headers(init?.headers)),
      credentials: init?.credentials,
    });
    return new Response('{}', { status: 200 });
  };
  return { transport: proxyTransport('/api/saasus/', { ...options, fetch }), sent };
}

describe('proxyTransport on the wire', () => {
  it('sends each operation to its route with only its allowed body fields, never the user id or access token', async () => {
    const { transport, sent } = recording();
    const token = { access_token: 'browser-token' };
    // Extra fields a caller may pass by mistake must not reach the proxy.
    const extra = { userId: 'someone-else', unexpected: 'x' };
    await transport.signUp({ email: 'a@example.com', ...extra });
    await transport.resendSignUpConfirmationEmail({ email: 'a@example.com', ...extra });
    await transport.signUpWithAwsMarketplace({ email: 'a@example.com', registration_token: 'r', ...extra });
    await transport.requestEmailUpdate('someone-else', { email: 'b@example.com', ...token, ...extra });
    await transport.confirmEmailUpdate('someone-else', { code: '123456', ...token });
    await transport.requestExternalUserLink({ ...token, ...extra });
    await transport.confirmExternalUserLink({ code: '654321', ...token });
    await transport.unlinkProvider('Google', 'someone-else');
    await transport.getUserMfaPreference('someone-else');
    await transport.createSecretCode('someone-else', token);
    await transport.updateSoftwareToken('someone-else', { verification_code: '111111', ...token });
    await transport.updateUserMfaPreference('someone-else', { enabled: true, method: 'softwareToken', ...extra });
    await transport.updateUserMfaPreference('someone-else', { enabled: false });
    await transport.confirmSignUpWithAwsMarketplace({ registration_token: 'r', tenant_name: 'Acme', ...token });
    await transport.confirmSignUpWithAwsMarketplace({ registration_token: 'r', ...token });
    await transport.linkAwsMarketplace({ tenant_id: 't1', registration_token: 'r', ...token });

    expect(sent.map((s) => [s.request, s.body])).toEqual([
      ['POST /api/saasus/sign-up', '{"email":"a@example.com"}'],
      ['POST /api/saasus/sign-up/resend', '{"email":"a@example.com"}'],
      ['POST /api/saasus/aws-marketplace/sign-up', '{"email":"a@example.com","registration_token":"r"}'],
      ['POST /api/saasus/email/request', '{"email":"b@example.com"}'],
      ['POST /api/saasus/email/confirm', '{"code":"123456"}'],
      ['POST /api/saasus/external-users/request', '{}'],
      ['POST /api/saasus/external-users/confirm', '{"code":"654321"}'],
      ['DELETE /api/saasus/providers/Google', undefined],
      ['GET /api/saasus/mfa/preference', undefined],
      ['POST /api/saasus/mfa/secret-code', '{}'],
      ['PUT /api/saasus/mfa/software-token', '{"verification_code":"111111"}'],
      ['PATCH /api/saasus/mfa/preference', '{"enabled":true,"method":"softwareToken"}'],
      ['PATCH /api/saasus/mfa/preference', '{"enabled":false}'],
      ['POST /api/saasus/aws-marketplace/sign-up-confirm', '{"tenant_name":"Acme","registration_token":"r"}'],
      ['POST /api/saasus/aws-marketplace/sign-up-confirm', '{"registration_token":"r"}'],
      ['PATCH /api/saasus/aws-marketplace/link', '{"tenant_id":"t1","registration_token":"r"}'],
    ]);
    expect(sent.filter((s) => s.body === undefined).every((s) => s.headers['content-type'] === undefined)).toBe(true);
    expect(sent.filter((s) => s.body !== undefined).every((s) => s.headers['content-type'] === 'application/json')).toBe(true);
  });

  it('sends the self sign-up: the form read without a body, the send with only its three fields; errors name the selfSignUp operation', async () => {
    const { transport, sent } = recording();
    await transport.selfSignUpForm({ traceId: 'trace-f' });
    const request = { tenant_name: 'Acme', tenant_attributes: { seats: 5 }, user_attributes: { birthday: '1990-02-28' } };
    await transport.selfSignUp({ ...request, ...{ access_token: 'browser-token', email: 'someone@example.com' } }, { traceId: 'trace-s' });
    expect(sent.map((s) => [s.request, s.body, s.headers['x-saasus-trace-id']])).toEqual([
      ['GET /api/saasus/self-sign-up', undefined, 'trace-f'],
      ['POST /api/saasus/self-sign-up', JSON.stringify(request), 'trace-s'],
    ]);
    const failing = proxyTransport('/api/saasus', { fetch: async () => new Response('{"type":"unauthenticated","message":"Sign in first."}', { status: 401 }) });
    for (const call of [() => failing.selfSignUpForm(), () => failing.selfSignUp(request)]) {
      await expect(call()).rejects.toMatchObject({ name: 'ApiError', status: 401, type: 'unauthenticated', operation: 'selfSignUp' });
    }
  });

  it('encodes the provider name into the unlink path', async () => {
    const { transport, sent } = recording();
    await transport.unlinkProvider('a/b c?', '');
    expect(sent[0]?.request).toBe('DELETE /api/saasus/providers/a%2Fb%20c%3F');
  });

  it('sends the configured headers, the per-call ones over them, the trace id and the credentials mode', async () => {
    const { transport, sent } = recording({ headers: () => ({ 'x-csrf': 'from-app', 'x-keep': '1' }), credentials: 'include' });
    await transport.getUserMfaPreference('', { traceId: 'trace-1', headers: { 'X-Csrf': 'per-call' } });
    expect(sent[0]).toMatchObject({
      headers: { accept: 'application/json', 'x-csrf': 'per-call', 'x-keep': '1', 'x-saasus-trace-id': 'trace-1' },
      credentials: 'include',
    });
  });
});
