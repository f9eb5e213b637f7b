import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createSaasUserApi, isApiError, type FetchLike, type SaasUserApiClient } from '../../src/api/index.js';
import { closedPort, json, startLoopback, type Loopback, type Reply } from './loopback.js';

const creds = { saasId: 'saas-1', apiKey: 'api-key-1', secretKey: 'SECRET-KEY-must-not-leak' };

let server: Loopback;
let next: Reply = { status: 200 };
let api: SaasUserApiClient;

beforeAll(async () => {
  server = await startLoopback(() => next);
  api = createSaasUserApi({ ...creds, baseURL: server.origin, retry: false });
});
afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect(isApiError(error)).toBe(true);
  return error as ApiError;
}

describe('ApiError mapping of error answers', () => {
  it.each([
    { status: 400, type: 'invalid_parameter', message: 'email is invalid', data: { field: 'email' }, retryable: false },
    { status: 401, type: 'permission_denied', message: 'signature mismatch', data: undefined, retryable: false },
    { status: 404, type: 'user_not_found', message: 'no such user', data: undefined, retryable: false },
    { status: 500, type: 'internal_server_error', message: 'boom', data: { sign_in_page_url: 'auth.dev.saasus.io' }, retryable: true },
  ])('maps a $status SaaSus error body to an http ApiError', async ({ status, type, message, data, retryable }) => {
    next = json(status, data === undefined ? { type, message } : { type, message, data }, { 'X-Saasus-Trace-Id': `trace-${status}` });
    const error = await failure(api.createSaasUser({ email: 'a@example.com' }));
    expect(error).toMatchObject({ kind: 'http', status, type, message, operation: 'createSaasUser', traceId: `trace-${status}`, retryable });
    expect(error.data).toEqual(data);
    expect(error.toBody()).toEqual(data === undefined ? { type, message } : { type, message, data });
  });

  it('maps a non-JSON 502 to a generic http_502 error that says so', async () => {
    next = { status: 502, body: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html', 'x-saasus-trace-id': 't-502' } };
    const error = await failure(api.getSaasUsers());
    expect(error).toMatchObject({ kind: 'http', status: 502, type: 'http_502', operation: 'getSaasUsers', traceId: 't-502', retryable: true });
    expect(error.message).toContain('non-JSON');
    expect(error.message).not.toContain('<html>');
  });

  it('maps an empty error body', async () => {
    next = { status: 500 };
    const error = await failure(api.signUp({ email: 'a@example.com' }));
    expect(error).toMatchObject({ kind: 'http', status: 500, type: 'http_500', operation: 'signUp' });
    expect(error.message).toContain('empty response body');
  });

  it('maps JSON that is not a SaaSus error body', async () => {
    next = json(503, { error: 'unavailable' });
    const error = await failure(api.getSaasUsers());
    expect(error).toMatchObject({ kind: 'http', status: 503, type: 'http_503' });
  });

  it('rejects a 2xx answer whose body is not JSON', async () => {
    next = { status: 200, body: 'OK', headers: { 'content-type': 'text/plain' } };
    const error = await failure(api.getSaasUser('u-1'));
    expect(error).toMatchObject({ kind: 'http', status: 200, type: 'invalid_response', retryable: false });
  });
});

describe('ApiError for transport failures', () => {
  it('reports a refused connection as a network error with a sanitized cause', async () => {
    const port = await closedPort();
    const offline = createSaasUserApi({ ...creds, baseURL: `http://127.0.0.1:${port}`, retry: false });
    const error = await failure(offline.signUp({ email: 'a@example.com' }));
    expect(error).toMatchObject({ kind: 'network', status: 0, type: 'network', operation: 'signUp', retryable: true });
    expect(error.message).toBe('Network error (ECONNREFUSED)');
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).name).not.toBe('FetchError');
  });

  it('times out when no answer comes', async () => {
    next = { hang: true };
    const error = await failure(api.getSaasUsers({ timeout: 50 }));
    expect(error).toMatchObject({ kind: 'timeout', type: 'timeout', status: 0, operation: 'getSaasUsers', retryable: true });
  });

  it('honours the timeout when a signal is given as well', async () => {
    next = { hang: true };
    const controller = new AbortController();
    const error = await failure(api.getSaasUsers({ signal: controller.signal, timeout: 50 }));
    expect(error.kind).toBe('timeout');
  });

  it('reports a caller abort as aborted, not as a timeout', async () => {
    next = { hang: true };
    const controller = new AbortController();
    const received = server.nextRequest();
    const pending = failure(api.getSaasUsers({ signal: controller.signal, timeout: 60_000 }));
    await received;
    controller.abort();
    const error = await pending;
    expect(error).toMatchObject({ kind: 'aborted', type: 'aborted', status: 0, retryable: false });
  });

  it('sends nothing when the signal is already aborted', async () => {
    const before = server.requests.length;
    const error = await failure(api.getSaasUsers({ signal: AbortSignal.abort() }));
    expect(error.kind).toBe('aborted');
    expect(server.requests).toHaveLength(before);
  });
});

const ACCESS_TOKEN = 'eyJ-access-token-must-not-leak';
const CODE = '987654';
const SECRETS = [ACCESS_TOKEN, CODE, creds.secretKey];

/** Every way an error can be printed, logged or serialised, including each link of its cause chain. */
function renderings(error: ApiError): string[] {
  const out = [JSON.stringify(error), String(error), error.stack ?? '', inspect(error, { depth: 10, showHidden: true, getters: true })];
  for (let cause: unknown = error.cause, i = 0; cause !== undefined && i < 10; cause = (cause as { cause?: unknown }).cause, i++) {
    out.push(String(cause), JSON.stringify(cause) ?? '', (cause as { stack?: string }).stack ?? '', inspect(cause, { showHidden: true, getters: true }));
  }
  return out;
}

function expectNoSecrets(error: ApiError): void {
  for (const text of renderings(error)) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('errors of confirmEmailUpdate never hold the access token, the code or the secret key', () => {
  const param = { code: CODE, access_token: ACCESS_TOKEN };

  it('when the server echoes the request in its error body', async () => {
    next = {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'code_mismatch',
        message: `code ${CODE} does not match for token ${ACCESS_TOKEN}`,
        data: { request: param, note: `got ${CODE}` },
      }),
    };
    const error = await failure(api.confirmEmailUpdate('u-1', param));
    expect(error).toMatchObject({ type: 'code_mismatch', status: 400 });
    expect(error.message).toContain('[redacted]');
    expectNoSecrets(error);
  });

  it('when the connection is refused', async () => {
    const port = await closedPort();
    const offline = createSaasUserApi({ ...creds, baseURL: `http://127.0.0.1:${port}`, retry: false });
    const error = await failure(offline.confirmEmailUpdate('u-1', param));
    expect(error.kind).toBe('network');
    expectNoSecrets(error);
  });

  it('when the runtime error message quotes the request', async () => {
    const leaky: FetchLike = async (input, init) => {
      const failure = new TypeError(`cannot send ${String(input)} ${String(init?.body)} ${JSON.stringify(Object.fromEntries(new Headers(init?.headers)))}`);
      throw new TypeError('fetch failed', { cause: failure });
    };
    const error = await failure(createSaasUserApi({ ...creds, fetch: leaky }).confirmEmailUpdate('u-1', param));
    expect(error.kind).toBe('network');
    expect((error.cause as Error).message).toBe('fetch failed');
    expectNoSecrets(error);
  });

  it('when it times out', async () => {
    next = { hang: true };
    const error = await failure(api.confirmEmailUpdate('u-1', param, { timeout: 30 }));
    expect(error.kind).toBe('timeout');
    expectNoSecrets(error);
  });

  it('and getCredentials errors never hold the callback code', async () => {
    const port = await closedPort();
    const offline = createSaasUserApi({ ...creds, baseURL: `http://127.0.0.1:${port}` });
    const leakyCode = 'callback-code-must-not-leak';
    const error = await failure(offline.getCredentials(leakyCode));
    for (const text of renderings(error)) expect(text).not.toContain(leakyCode);
  });
});
