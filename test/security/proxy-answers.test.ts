/**
 * The proxy's own refusals, body for body: what a browser is told for an unknown route, a bad
 * provider, the self sign-up's method, session and body checks, a made-up resend cooldown, and
 * each kind of upstream failure. The messages are what the web wizard shows a person.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { FlowsApi } from '../../src/api/flows-api.js';
import { createSaasusProxy, type SaasusProxyOptions } from '../../src/proxy/handler.js';

const SESSION = { userId: 'user-1', accessToken: 'access-token-0123456789', idToken: 'id-token-0123456789' };
const BASE = 'http://a.test/api/saasus';

/** An API with every operation (the tenant ones too, so the self sign-up is served), answering with `answer`. */
function apiWith(answer: (operation: string, args: unknown[]) => unknown, calls: { operation: string; args: unknown[] }[] = []): FlowsApi {
  return new Proxy({} as FlowsApi, {
    get: (_target, operation: string) => async (...args: unknown[]) => {
      calls.push({ operation, args });
      const result = answer(operation, args);
      if (result instanceof Error) throw result;
      return result;
    },
  });
}

const proxyWith = (options: Partial<SaasusProxyOptions> = {}) =>
  createSaasusProxy({ api: apiWith(() => ({ ok: true })), authenticate: () => SESSION, ...options });

const post = (path: string, body: unknown, type = 'application/json') =>
  new Request(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) });

async function answer(response: Response): Promise<[number, unknown]> {
  const text = await response.text();
  return [response.status, text === '' ? undefined : JSON.parse(text)];
}

const NOT_FOUND = [404, { type: 'not_found', message: 'No such route.' }];

describe('proxy refusals (security)', () => {
  it('no such route: unknown, the base path itself, a path that is not valid percent-encoding', async () => {
    const proxy = proxyWith();
    for (const url of [`${BASE}/nope`, BASE, `${BASE}/`, `${BASE}/%E0%A4%A`, 'http://a.test/api/saasusx/sign-up']) {
      expect(await answer(await proxy(new Request(url))), url).toEqual(NOT_FOUND);
    }
  });

  it('an unknown sign-in provider is named in the refusal, with the ones there are', async () => {
    const calls: { operation: string; args: unknown[] }[] = [];
    const proxy = proxyWith({ api: apiWith(() => undefined, calls) });
    expect(await answer(await proxy(new Request(`${BASE}/providers/Facebook`, { method: 'DELETE' })))).toEqual([
      400,
      { type: 'invalid_parameter', message: 'Unknown sign-in provider "Facebook"; use Google.' },
    ]);
    expect(calls).toEqual([]);
  });

  it('passes a trace id of 1 to 256 characters on, and not an empty one', async () => {
    const calls: { operation: string; args: unknown[] }[] = [];
    const proxy = proxyWith({ api: apiWith(() => ({ ok: true }), calls) });
    for (const traceId of ['', 't', 'x'.repeat(256), 'x'.repeat(257)]) {
      const request = new Request(`${BASE}/mfa/preference`, { headers: { 'x-saasus-trace-id': traceId } });
      expect((await proxy(request)).status).toBe(200);
      const options = calls.at(-1)?.args.at(-1) as { traceId?: string };
      expect(options.traceId, `"${traceId.slice(0, 10)}" (${traceId.length})`).toBe(traceId.length >= 1 && traceId.length <= 256 ? traceId : undefined);
    }
  });

  describe('self sign-up', () => {
    it('allows GET and POST only, and says so', async () => {
      const response = await proxyWith()(new Request(`${BASE}/self-sign-up`, { method: 'PUT' }));
      expect(response.headers.get('allow')).toBe('GET, POST');
      expect(await answer(response)).toEqual([405, { type: 'method_not_allowed', message: 'Use GET, POST for this route.' }]);
    });

    it('needs a session', async () => {
      const proxy = proxyWith({ authenticate: () => null });
      expect(await answer(await proxy(new Request(`${BASE}/self-sign-up`)))).toEqual([401, { type: 'unauthenticated', message: 'Sign in to use this operation.' }]);
    });

    it('refuses a body that is not JSON before running anything', async () => {
      const calls: { operation: string; args: unknown[] }[] = [];
      const proxy = proxyWith({ api: apiWith(() => ({ ok: true }), calls) });
      const [status, body] = await answer(await proxy(post('/self-sign-up', { tenantName: 'Acme' }, 'text/plain')));
      expect([status, (body as { type: string }).type]).toEqual([415, 'invalid_parameter']);
      expect(calls).toEqual([]);
    });

    it('is one path only, and only with the tenant operations', async () => {
      expect(await answer(await proxyWith()(new Request(`${BASE}/self-sign-up/extra`)))).toEqual(NOT_FOUND);
      const flowsOnly = { getUserMfaPreference: async () => ({ enabled: false }) } as unknown as FlowsApi;
      const proxy = createSaasusProxy({ api: flowsOnly, authenticate: () => SESSION });
      expect(await answer(await proxy(new Request(`${BASE}/self-sign-up`)))).toEqual(NOT_FOUND);
      expect(await answer(await proxy(new Request(`${BASE}/mfa/preference`)))).toEqual([200, { enabled: false }]);
    });

    it('reports an unexpected failure as the selfSignUp operation', async () => {
      const reported: unknown[] = [];
      const proxy = proxyWith({ api: apiWith(() => new Error('boom')), onError: (_error, context) => reported.push(context.operation) });
      expect(await answer(await proxy(new Request(`${BASE}/self-sign-up`)))).toEqual([500, { type: 'internal_error', message: 'The request could not be completed.' }]);
      expect(reported).toEqual(['selfSignUp']);
    });
  });

  it('a resend within the made-up cooldown is refused as SaaSus would, with the configured cooldown', async () => {
    const notFound = new ApiError({ kind: 'http', status: 404, type: 'user_not_found', message: 'No user.', operation: 'resendSignUpConfirmationEmail' });
    const proxy = proxyWith({ api: apiWith(() => notFound), resendCooldownMs: 5_000 });
    expect(await answer(await proxy(post('/sign-up/resend', { email: 'ghost@example.com' })))).toEqual([200, undefined]);
    const before = Date.now();
    const [status, body] = await answer(await proxy(post('/sign-up/resend', { email: 'ghost@example.com' })));
    const after = Date.now();
    expect(status).toBe(429);
    const { data, ...rest } = body as { data: { reason: string; retry_after_ms: number; next_allowed_at: number } };
    expect(rest).toEqual({ type: 'limit_exceeded', message: 'A message was sent recently; wait before asking again.' });
    expect(data.reason).toBe('cooldown');
    // retry_after_ms is what is left of the 5 s, counted from the moment of the answer.
    expect(data.retry_after_ms).toBeGreaterThan(0);
    expect(data.retry_after_ms).toBeLessThanOrEqual(5_000);
    expect(data.next_allowed_at - data.retry_after_ms).toBeGreaterThanOrEqual(before);
    expect(data.next_allowed_at - data.retry_after_ms).toBeLessThanOrEqual(after);
    expect(data.next_allowed_at - before).toBeLessThanOrEqual(5_000);
  });

  it('each kind of upstream failure, as the browser sees it', async () => {
    const error = (kind: 'http' | 'network' | 'timeout' | 'aborted', status: number) => new ApiError({ kind, status, type: kind === 'http' ? 'odd' : kind, message: 'upstream said so', operation: 'signUp' });
    const cases: [ApiError, number, unknown][] = [
      [error('aborted', 0), 499, { type: 'aborted', message: 'The request was cancelled.' }],
      [error('timeout', 0), 504, { type: 'timeout', message: 'The SaaSus API did not answer in time.' }],
      [error('network', 0), 502, { type: 'network', message: 'The SaaSus API could not be reached.' }],
      [error('http', 400), 400, { type: 'odd', message: 'upstream said so' }],
      [error('http', 599), 599, { type: 'odd', message: 'upstream said so' }],
      // An "error" status that is not one: nothing to pass on, so it is a failed upstream.
      [error('http', 302), 502, { type: 'network', message: 'The SaaSus API could not be reached.' }],
      [error('http', 600), 502, { type: 'network', message: 'The SaaSus API could not be reached.' }],
      // A transport failure is never passed on as an HTTP answer, whatever status it was given.
      [error('network', 503), 502, { type: 'network', message: 'The SaaSus API could not be reached.' }],
    ];
    for (const [thrown, status, body] of cases) {
      const proxy = proxyWith({ api: apiWith(() => thrown), preventUserExistenceErrors: false });
      expect(await answer(await proxy(post('/sign-up', { email: 'a@example.com' }))), `${thrown.kind} ${thrown.status}`).toEqual([status, body]);
    }
  });

  it('takes a body of exactly maxBodyBytes (declared and sent), and refuses one byte more', async () => {
    const calls: { operation: string; args: unknown[] }[] = [];
    const proxy = proxyWith({ api: apiWith(() => ({ id: 'u' }), calls), maxBodyBytes: 64 });
    const bodyOf = (length: number) => {
      const text = JSON.stringify({ email: 'a@example.com' });
      return text.slice(0, -1) + ' '.repeat(length - text.length) + '}';
    };
    const send = (text: string) =>
      proxy(new Request(`${BASE}/sign-up`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(text.length) }, body: text }));
    expect((await send(bodyOf(64))).status).toBe(201);
    expect(await answer(await send(bodyOf(65)))).toEqual([400, { type: 'invalid_parameter', message: 'The request body is larger than 64 bytes.' }]);
    expect(calls).toHaveLength(1);
    const untyped = await proxy(new Request(`${BASE}/sign-up`, { method: 'POST', body: new TextEncoder().encode('{}') }));
    expect(await answer(untyped)).toEqual([415, { type: 'invalid_parameter', message: 'Send the request body as JSON (Content-Type: application/json).' }]);
  });
});
