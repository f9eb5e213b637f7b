/**
 * The proxy handler's answers pinned down: headers on every answer, the base path, the trace
 * id and referers passed on, how each failure kind is answered and reported, the body limits.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { FlowsApi } from '../../src/api/flows-api.js';
import { createSaasusProxy, type SaasusProxyOptions } from '../../src/proxy/handler.js';

const SESSION = { userId: 'user-1', accessToken: 'access-token-0123456789' };

interface Call {
  operation: string;
  args: unknown[];
}

function apiWith(calls: Call[], answer: (operation: string) => unknown = () => ({ ok: true })): FlowsApi {
  return new Proxy({} as FlowsApi, {
    get: (_target, operation: string) => async (...args: unknown[]) => {
      calls.push({ operation, args });
      const result = answer(operation);
      if (result instanceof Error) throw result;
      return result;
    },
  });
}

function proxyWith(options: Partial<SaasusProxyOptions> & { calls?: Call[]; answer?: (operation: string) => unknown } = {}) {
  const calls = options.calls ?? [];
  return createSaasusProxy({ api: apiWith(calls, options.answer), authenticate: () => SESSION, ...options });
}

const json = (url: string, body: unknown, init: RequestInit = {}) =>
  new Request(url, { method: 'POST', ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('proxy answers (security)', () => {
  it('every answer is no-store and nosniff; JSON answers say so, an empty answer has no body', async () => {
    const proxy = proxyWith({ answer: (operation) => (operation === 'unlinkProvider' ? undefined : { ok: true }) });
    for (const request of [json('http://a.test/api/saasus/sign-up', { email: 'a@example.com' }), new Request('http://a.test/api/saasus/nope'), new Request('http://a.test/api/saasus/sign-up')]) {
      const response = await proxy(request);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    const empty = await proxy(new Request('http://a.test/api/saasus/providers/Google', { method: 'DELETE' }));
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toBeNull();
    expect(empty.headers.get('cache-control')).toBe('no-store');
    expect(await empty.text()).toBe('');
  });

  it('answers with the operation success status and the result', async () => {
    const proxy = proxyWith({ answer: () => ({ id: 'u-9' }) });
    const response = await proxy(json('http://a.test/api/saasus/sign-up', { email: 'a@example.com' }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'u-9' });
  });

  it('serves below a custom base path, with or without its trailing slashes, and nowhere else', async () => {
    const calls: Call[] = [];
    const proxy = proxyWith({ basePath: '/auth-proxy//', calls });
    expect((await proxy(json('http://a.test/auth-proxy/sign-up', { email: 'a@example.com' }))).status).toBe(201);
    expect((await proxy(json('http://a.test/api/saasus/sign-up', { email: 'a@example.com' }))).status).toBe(404);
    expect((await proxy(json('http://a.test/auth-proxyx/sign-up', { email: 'a@example.com' }))).status).toBe(404);
    expect((await proxy(new Request('http://a.test/auth-proxy'))).status).toBe(404);
    expect(calls).toHaveLength(1);
    const response = await proxy(new Request('http://a.test/elsewhere'));
    expect(await response.json()).toEqual({ type: 'not_found', message: 'No such route.' });
  });

  it('passes the trace id (up to 256 characters) and both referers on, and echoes the trace id', async () => {
    const calls: Call[] = [];
    const proxy = proxyWith({ calls });
    const response = await proxy(json('http://a.test/api/saasus/sign-up', { email: 'a@example.com' }, { headers: { 'x-saasus-trace-id': 't-1', referer: 'https://app.test/page', 'x-saasus-referer': 'https://app.test/saasus' } }));
    expect(response.headers.get('x-saasus-trace-id')).toBe('t-1');
    const options = calls[0]?.args[1] as { traceId?: string; headers?: Record<string, string>; signal?: AbortSignal };
    expect(options.traceId).toBe('t-1');
    expect(options.headers).toEqual({ Referer: 'https://app.test/page', 'X-SaaSus-Referer': 'https://app.test/saasus' });
    expect(options.signal).toBeInstanceOf(AbortSignal);

    await proxy(json('http://a.test/api/saasus/sign-up', { email: 'a@example.com' }, { headers: { 'x-saasus-trace-id': 'x'.repeat(256) } }));
    expect((calls[1]?.args[1] as { traceId?: string }).traceId).toBe('x'.repeat(256));
    await proxy(json('http://a.test/api/saasus/sign-up', { email: 'a@example.com' }, { headers: { 'x-saasus-trace-id': 'x'.repeat(257) } }));
    expect(calls[2]?.args[1]).not.toHaveProperty('traceId');
    expect(calls[2]?.args[1]).not.toHaveProperty('headers');
    const plain = await proxy(json('http://a.test/api/saasus/sign-up', { email: 'a@example.com' }));
    expect(plain.headers.get('x-saasus-trace-id')).toBeNull();
    expect(Object.keys(calls[3]?.args[1] as object)).toEqual(['signal']);
  });

  it('answers each failure kind with its status, and reports only the unexpected ones', async () => {
    const cases: [ApiError | Error, number, string][] = [
      [new ApiError({ kind: 'http', status: 429, type: 'limit_exceeded', message: 'wait', data: { next_allowed_at: 1 }, operation: 'signUp', traceId: 'up-1' }), 429, 'limit_exceeded'],
      [new ApiError({ kind: 'aborted', status: 0, type: 'aborted', message: 'aborted', operation: 'signUp' }), 499, 'aborted'],
      [new ApiError({ kind: 'timeout', status: 0, type: 'timeout', message: 'slow', operation: 'signUp' }), 504, 'timeout'],
      [new ApiError({ kind: 'network', status: 0, type: 'network', message: 'down', operation: 'signUp' }), 502, 'network'],
      [new ApiError({ kind: 'http', status: 302, type: 'http_302', message: 'moved', operation: 'signUp' }), 502, 'network'],
      [new Error('bug'), 500, 'internal_error'],
    ];
    for (const [error, status, type] of cases) {
      const reported: unknown[] = [];
      const proxy = proxyWith({ answer: () => error, onError: (e, context) => reported.push([e, context.operation, context.request.method]) });
      const response = await proxy(json('http://a.test/api/saasus/sign-up', { email: 'a@example.com' }, { headers: { 'x-saasus-trace-id': 'in-1' } }));
      expect([response.status, ((await response.json()) as { type: string }).type], type).toEqual([status, type]);
      expect(response.headers.get('x-saasus-trace-id')).toBe(error instanceof ApiError && error.traceId ? error.traceId : 'in-1');
      const expected = status === 429 || status === 499 ? [] : [[error, 'signUp', 'POST']];
      expect(reported, type).toEqual(expected);
    }
  });

  it('a throwing onError does not change the answer', async () => {
    const proxy = proxyWith({ answer: () => new Error('bug'), onError: () => { throw new Error('reporter down'); } });
    const response = await proxy(json('http://a.test/api/saasus/sign-up', { email: 'a@example.com' }));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ type: 'internal_error', message: 'The request could not be completed.' });
  });

  it('refuses an unknown provider by name, and a session without a user before reading the body', async () => {
    const calls: Call[] = [];
    const proxy = proxyWith({ calls });
    const response = await proxy(new Request('http://a.test/api/saasus/providers/Facebook', { method: 'DELETE' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ type: 'invalid_parameter', message: 'Unknown sign-in provider "Facebook"; use Google.' });
    const anonymous = createSaasusProxy({ api: apiWith(calls), authenticate: async () => undefined });
    const refused = await anonymous(json('http://a.test/api/saasus/email/request', '{not json'));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ type: 'unauthenticated', message: 'Sign in to use this operation.' });
    expect(calls).toEqual([]);
  });

  it('applies the default body limit of 16 KiB, by declared length and by bytes read', async () => {
    const calls: Call[] = [];
    const proxy = proxyWith({ calls });
    const pad = (n: number) => JSON.stringify({ email: `${'a'.repeat(n)}@example.com` });
    const atLimit = pad(16 * 1024 - pad(0).length);
    expect(atLimit.length).toBe(16 * 1024);
    const ok = await proxy(json('http://a.test/api/saasus/sign-up', atLimit));
    expect(JSON.stringify(await ok.json())).not.toContain('larger than');
    const over = await proxy(json('http://a.test/api/saasus/sign-up', pad(16 * 1024)));
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({ type: 'invalid_parameter', message: 'The request body is larger than 16384 bytes.' });
  });

  it('redacts a session token of 8 characters or more, keeps null and numbers, and leaves a shorter token alone', async () => {
    for (const [token, expected] of [['12345678', '[redacted]'], ['1234567', '1234567']] as const) {
      const proxy = createSaasusProxy({ api: apiWith([], () => ({ echo: token, none: null, n: 1, list: [token] })), authenticate: () => ({ userId: 'u', accessToken: token }) });
      const response = await proxy(new Request('http://a.test/api/saasus/mfa/preference'));
      expect(await response.json()).toEqual({ echo: expected, none: null, n: 1, list: [expected] });
    }
  });

  it('names the method to use on a 405, with an Allow header', async () => {
    const response = await proxyWith()(new Request('http://a.test/api/saasus/sign-up', { method: 'PUT' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toEqual({ type: 'method_not_allowed', message: 'Use POST for this route.' });
  });
});
