/**
 * The proxy never hands the browser the session's access token, whatever the upstream answers:
 * a fake SaaSus that echoes the token it was sent, in a 2xx body and in an error body.
 */
import { describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { ApiError } from '../../src/api/errors.js';
import type { FlowsApi } from '../../src/api/flows-api.js';
import { createSaasusProxy } from '../../src/proxy/handler.js';

const BASE = 'http://app.test/api/saasus';
const TOKEN = 'eyJhbGciOi.session-access-token.x9Yz';
const USER_ID = 'user-42';
const CREDENTIALS = { saasId: 'saas-id-1', apiKey: 'api-key-1', secretKey: 'secret-key-never-shown-0123' };

/** A fake SaaSus: answers `status` with a body echoing the access token the request carried. */
function echoingUpstream(status: number) {
  const seen: string[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.text();
    const token = text ? ((JSON.parse(text) as { access_token?: string }).access_token ?? TOKEN) : TOKEN;
    seen.push(token);
    const body =
      status < 300
        ? { echoed: token, nested: { list: [`Bearer ${token}`, { deeper: token }] }, note: `issued for ${token}` }
        : { type: 'invalid_token', message: `token ${token} was refused`, data: { token, list: [`x${token}x`] } };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, seen };
}

function proxyOver(api: FlowsApi) {
  return createSaasusProxy({ api, authenticate: () => ({ userId: USER_ID, accessToken: TOKEN }) });
}

const post = (path: string, body: unknown) =>
  new Request(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('proxy redaction of the session access token (security)', () => {
  it('replaces the token echoed in a 2xx body, at every depth, with [redacted]', async () => {
    const upstream = echoingUpstream(200);
    const api = createSaasUserApi({ baseURL: 'http://saasus.test', ...CREDENTIALS, fetch: upstream.fetch, retry: false });
    const response = await proxyOver(api)(post('/external-users/request', {}));
    expect(upstream.seen).toEqual([TOKEN]); // the upstream really got (and echoed) the token
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toEqual({
      echoed: '[redacted]',
      nested: { list: ['Bearer [redacted]', { deeper: '[redacted]' }] },
      note: 'issued for [redacted]',
    });
  });

  it('replaces the token echoed in an error body with [redacted], through the signing client', async () => {
    const upstream = echoingUpstream(400);
    const api = createSaasUserApi({ baseURL: 'http://saasus.test', ...CREDENTIALS, fetch: upstream.fetch, retry: false });
    const response = await proxyOver(api)(post('/external-users/confirm', { code: '123456' }));
    expect(upstream.seen).toEqual([TOKEN]);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toMatchObject({ type: 'invalid_token', message: 'token [redacted] was refused' });
  });

  it('replaces the token in an error of an api that does not redact (the proxy is the last line)', async () => {
    // Any FlowsApi may stand behind the proxy; this one rejects with the token in every field.
    const leaky = {
      requestExternalUserLink: async () => {
        throw new ApiError({
          kind: 'http',
          status: 401,
          type: `bad_${TOKEN}`,
          message: `token ${TOKEN} expired`,
          data: { token: TOKEN, list: [`a${TOKEN}`, { deep: [TOKEN] }] },
          operation: 'requestExternalUserLink',
        });
      },
      getUserMfaPreference: async () => ({ enabled: true, method: 'softwareToken', echo: [{ token: TOKEN }] }),
    } as unknown as FlowsApi;
    const error = await proxyOver(leaky)(post('/external-users/request', {}));
    expect(error.status).toBe(401);
    const errorText = await error.text();
    expect(errorText).not.toContain(TOKEN);
    expect(JSON.parse(errorText)).toEqual({
      type: 'bad_[redacted]',
      message: 'token [redacted] expired',
      data: { token: '[redacted]', list: ['a[redacted]', { deep: ['[redacted]'] }] },
    });

    const ok = await proxyOver(leaky)(new Request(`${BASE}/mfa/preference`));
    expect(ok.status).toBe(200);
    const okText = await ok.text();
    expect(okText).not.toContain(TOKEN);
    expect(JSON.parse(okText)).toEqual({ enabled: true, method: 'softwareToken', echo: [{ token: '[redacted]' }] });
  });

  it('replaces the token in a 2xx body also URL-encoded and as a key, as the client cleans its errors', async () => {
    const odd = 'eyJ session/token+with spaces&more';
    const api = {
      requestExternalUserLink: async () => ({ link: `https://x.test/?t=${encodeURIComponent(odd)}`, form: `t=${encodeURIComponent(odd).replace(/%20/g, '+')}`, byKey: { [odd]: 1 } }),
    } as unknown as FlowsApi;
    const proxy = createSaasusProxy({ api, authenticate: () => ({ userId: USER_ID, accessToken: odd }) });
    const text = await (await proxy(post('/external-users/request', {}))).text();
    for (const form of [odd, encodeURIComponent(odd), encodeURIComponent(odd).replace(/%20/g, '+')]) expect(text).not.toContain(form);
    expect(JSON.parse(text)).toEqual({ link: 'https://x.test/?t=[redacted]', form: 't=[redacted]', byKey: { '[redacted]': 1 } });
  });
});
