/**
 * A server error that echoes the secret key, or a token the server issued, never shows up in
 * any rendering of the client's ApiError: message, type, toString, JSON, util.inspect, the
 * stack, the cause chain, and `data` at any depth, keys included.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSaasUserApi, isApiError, type ApiError } from '../../src/api/index.js';

const SECRET_KEY = 'sk-live-0123456789abcdef-SECRET';
const CREDENTIALS = { saasId: 'saas-id-1', apiKey: 'api-key-1', secretKey: SECRET_KEY };
/** A token the server issued to the user (the app sends it as `access_token`). */
const ACCESS_TOKEN = 'eyJraWQiOi.access.issued-by-server-77';
/** Tokens the server issues in an answer, which the client has never seen before. */
const ID_TOKEN = 'eyJ.id-token.issued-by-server-88';
const REFRESH_TOKEN = 'refresh-token-issued-by-server-99';
const CODE = 'callback-code-123456789';

/** A value nested `depth` objects deep (and as deep in arrays). */
function deep(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { level: value } : [value];
  return value;
}

/** Every way an error gets rendered: whatever a logger or a serializer might print. */
function renderings(error: ApiError): string[] {
  const out = [
    error.message,
    error.type,
    String(error),
    error.toString(),
    error.stack ?? '',
    JSON.stringify(error),
    JSON.stringify(error.toBody()),
    JSON.stringify(error.data ?? null),
    inspect(error, { depth: Infinity, showHidden: true }),
    inspect(error.data, { depth: Infinity }),
  ];
  for (let cause: unknown = error.cause, i = 0; cause !== undefined && i < 20; cause = (cause as { cause?: unknown }).cause, i++) {
    out.push(String(cause), inspect(cause, { depth: Infinity, showHidden: true }), JSON.stringify(cause) ?? '');
  }
  // Keys, at any depth.
  const keys = (value: unknown): string[] =>
    typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]) : [];
  out.push(keys(error.data).join('\n'));
  return out;
}

function expectClean(error: unknown, secrets: readonly string[]): void {
  expect(isApiError(error)).toBe(true);
  for (const text of renderings(error as ApiError)) {
    for (const secret of secrets) expect(text, `a rendering leaks ${secret}`).not.toContain(secret);
  }
}

/** A fake SaaSus answering every request with `status` and `body`. */
function answering(status: number, body: unknown) {
  return async (): Promise<Response> => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const client = (fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>) =>
  createSaasUserApi({ baseURL: 'http://saasus.test', ...CREDENTIALS, fetch, retry: false });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

describe('client ApiError redaction (security)', () => {
  it('a 500 echoing the secret key and the sent access token in type, message, data values and data keys', async () => {
    const echo = `key=${SECRET_KEY} token=${ACCESS_TOKEN}`;
    const body = {
      type: `internal_${SECRET_KEY}`,
      message: `signature check with ${SECRET_KEY} failed for ${ACCESS_TOKEN}`,
      data: {
        echo,
        list: [echo, { inner: echo }],
        [SECRET_KEY]: 'the key as a key',
        [`token:${ACCESS_TOKEN}`]: true,
        deep: deep(12, echo),
        deepKey: deep(12, { [SECRET_KEY]: 1 }),
        deeper: deep(200, echo),
      },
    };
    const error = await rejection(client(answering(500, body)).requestExternalUserLink({ access_token: ACCESS_TOKEN }));
    expect((error as ApiError).status).toBe(500);
    expect((error as ApiError).message).toBe('signature check with [redacted] failed for [redacted]');
    expect((error as ApiError).data?.['echo']).toBe('key=[redacted] token=[redacted]');
    expectClean(error, [SECRET_KEY, ACCESS_TOKEN]);
  });

  it('tokens the server issues in an error body are redacted by their field name, at any depth', async () => {
    const tokens = { access_token: ACCESS_TOKEN, id_token: ID_TOKEN, refresh_token: REFRESH_TOKEN };
    const body = { type: 'conflict', message: 'already signed in', data: { ...tokens, session: { tokens }, history: [tokens, deep(9, tokens)] } };
    const error = await rejection(client(answering(409, body)).getUserMfaPreference('user-1'));
    expect((error as ApiError).data).toMatchObject({ access_token: '[redacted]', id_token: '[redacted]', refresh_token: '[redacted]', session: { tokens: { id_token: '[redacted]' } } });
    expectClean(error, [ACCESS_TOKEN, ID_TOKEN, REFRESH_TOKEN]);
  });

  it('the callback code and the secret key in a network failure and its cause chain', async () => {
    const failing = async (): Promise<Response> => {
      const root = Object.assign(new Error(`connect to ${SECRET_KEY} refused (${CODE})`), { code: 'ECONNREFUSED', secretKey: SECRET_KEY });
      throw new TypeError(`fetch failed for /credentials?code=${CODE} signed with ${SECRET_KEY}`, { cause: root });
    };
    const error = await rejection(client(failing).getCredentials(CODE));
    expect((error as ApiError).kind).toBe('network');
    expect((error as ApiError).message).toBe('Network error (ECONNREFUSED)');
    expect((error as ApiError).cause).toBeInstanceOf(Error);
    expectClean(error, [SECRET_KEY, CODE]);
  });

  it('the callback code echoed by an error answer', async () => {
    const error = await rejection(client(answering(400, { type: 'invalid_code', message: `code ${CODE} unknown`, data: { code: CODE, got: CODE } })).getCredentials(CODE));
    expect((error as ApiError).message).toBe('code [redacted] unknown');
    expectClean(error, [CODE]);
  });
});

describe('the runtime error behind a failed call', () => {
  const failing = (run: (signal: AbortSignal | null | undefined) => Promise<Response>) =>
    createSaasUserApi({ ...CREDENTIALS, baseURL: 'http://127.0.0.1:9', retry: false, timeout: 50, fetch: (_url, init) => run(init?.signal) });
  const caught = async (promise: Promise<unknown>): Promise<ApiError> => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    if (!isApiError(error)) throw new Error('expected an ApiError');
    return error;
  };

  it('is kept, redacted, as the cause of a network error', async () => {
    const api = failing(() => Promise.reject(new TypeError(`fetch failed while sending ${SECRET_KEY}`)));
    const error = await caught(api.getSaasUser('u1'));
    expect(error.kind).toBe('network');
    expect((error.cause as Error).message).toBe('fetch failed while sending [redacted]');
  });

  it('is left out of a timeout and of an aborted call (their messages say all there is)', async () => {
    const hang = (signal: AbortSignal | null | undefined) =>
      new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(new Error(`aborted with ${SECRET_KEY}`))));
    const timedOut = await caught(failing(hang).getSaasUser('u1'));
    expect(timedOut.kind).toBe('timeout');
    expect('cause' in timedOut).toBe(false);
    const controller = new AbortController();
    const pending = failing(hang).getSaasUser('u1', { signal: controller.signal });
    controller.abort();
    const aborted = await caught(pending);
    expect(aborted.kind).toBe('aborted');
    expect('cause' in aborted).toBe(false);
  });
});
