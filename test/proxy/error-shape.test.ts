import { describe, expect, it } from 'vitest';
import { createSaasUserApi, isApiError, type FetchLike } from '../../src/api/index.js';
import { proxyTransport } from '../../src/proxy/transport.js';

/** A fetch that answers every request with what `answer` gives (or how it fails). */
type Answer = (init: RequestInit | undefined) => Promise<Response>;

/** Waits for the request's signal to abort, then rejects the way fetch does. */
const hang: Answer = (init) =>
  new Promise((_, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
  });

const failures: [string, Answer, { timeout?: number; abort?: boolean }?][] = [
  ['a SaaSus error body', async () => new Response(JSON.stringify({ type: 'user_exists', message: 'Already registered.', data: { n: 1 } }), { status: 409 })],
  ['a gateway page that is not JSON', async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })],
  ['an empty error body', async () => new Response(null, { status: 503 })],
  ['JSON that is not a SaaSus error', async () => new Response('{"error":"nope"}', { status: 500 })],
  ['a 2xx answer that is not JSON', async () => new Response('<html>ok</html>', { status: 201 })],
  ['a refused connection', async () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }))],
  ['no answer within the timeout', hang, { timeout: 20 }],
  ['an abort by the caller', hang, { abort: true }],
];

async function failureOf(call: () => Promise<unknown>) {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isApiError(error)) throw new Error(`expected an ApiError, got ${String(error)}`);
  const { name, kind, status, type, message, retryable, operation, data } = error;
  return { name, kind, status, type, message, retryable, operation, data };
}

describe('one error shape for the client and proxyTransport', () => {
  it.each(failures)('rejects with the same ApiError for %s', async (_name, answer, how = {}) => {
    const fetch: FetchLike = (_input, init) => answer(init);
    const client = createSaasUserApi({ sign: false, baseURL: 'http://saasus.test', fetch, retry: false, timeout: how.timeout ?? 0 });
    const transport = proxyTransport('http://app.test/api/saasus', { fetch, ...(how.timeout === undefined ? {} : { timeout: how.timeout }) });
    const options = () => {
      if (!how.abort) return {};
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 5);
      return { signal: controller.signal };
    };
    const viaClient = await failureOf(() => client.signUp({ email: 'a@example.com' }, options()));
    const viaProxy = await failureOf(() => transport.signUp({ email: 'a@example.com' }, options()));
    expect(viaProxy).toEqual(viaClient);
    expect(viaClient.operation).toBe('signUp');
  });

  it('keeps the SaaSus type for SaaSus bodies and names the status otherwise', async () => {
    const fetch: FetchLike = async () => new Response('<html>Bad gateway</html>', { status: 502 });
    const error = await failureOf(() => proxyTransport('/api/saasus', { fetch }).signUp({ email: 'a@example.com' }));
    expect({ type: error.type, kind: error.kind, status: error.status, retryable: error.retryable }).toEqual({ type: 'http_502', kind: 'http', status: 502, retryable: true });
  });
});
