import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createSaasUserApi, type SaasUserApiClient } from '../../src/api/index.js';
import { startLoopback, type Loopback, type RecordedRequest, type Reply } from './loopback.js';

const creds = { saasId: 'saas-1', apiKey: 'api-key-1', secretKey: 'SECRET-key+with/odd "chars" ü-must-not-leak' };
const ACCESS_TOKEN = 'eyJ access/token+with "quotes" ü-must-not-leak';
const CODE = '987654';

let api: SaasUserApiClient;
let server: Loopback;
let elsewhere: Loopback;
let reply: (request: RecordedRequest) => Reply = () => ({ status: 200 });

beforeAll(async () => {
  server = await startLoopback((request) => reply(request));
  elsewhere = await startLoopback(() => ({ status: 200, body: '{}', headers: { 'content-type': 'application/json' } }));
  api = createSaasUserApi({ ...creds, baseURL: server.origin, retry: false });
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

/** Every way an error can be printed, logged or serialised, cause chain included. */
function renderings(error: ApiError): string {
  const out = [JSON.stringify(error), String(error), error.stack ?? '', inspect(error, { depth: Infinity, showHidden: true, getters: true })];
  for (let cause: unknown = error.cause; cause !== undefined; cause = (cause as { cause?: unknown }).cause) out.push(inspect(cause, { depth: Infinity }));
  return out.join('\n');
}

describe('the client and redirects', () => {
  it.each([301, 302, 303, 307, 308])('turns a %i into an ApiError and never re-sends the body elsewhere', async (status) => {
    const before = elsewhere.requests.length;
    reply = () => ({ status, headers: { location: `${elsewhere.origin}/steal` } });
    const error = await failure(api.confirmEmailUpdate('u-1', { code: CODE, access_token: ACCESS_TOKEN }));
    expect(error).toMatchObject({ kind: 'http', status, retryable: false });
    expect(elsewhere.requests.length).toBe(before);
    expect(renderings(error)).not.toContain(ACCESS_TOKEN);
  });
});

describe('the client and oversized answers', () => {
  it('refuses an answer larger than maxResponseBytes (default 1 MiB) without keeping it', async () => {
    reply = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ users: [], pad: 'x'.repeat(1_100_000) }) });
    const error = await failure(api.getSaasUsers());
    expect(error).toMatchObject({ kind: 'http', type: 'response_too_large', retryable: false });
    expect(error.message).toMatch(/1 MiB|1048576/);
  });

  it('takes a smaller cap as an option and accepts what fits', async () => {
    const small = createSaasUserApi({ ...creds, baseURL: server.origin, retry: false, maxResponseBytes: 64 });
    reply = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ users: [] }) });
    await expect(small.getSaasUsers()).resolves.toEqual({ users: [] });
    reply = () => ({ status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'x', message: 'y'.repeat(100) }) });
    expect(await failure(small.getSaasUsers())).toMatchObject({ type: 'response_too_large' });
  });

  it('refuses an invalid maxResponseBytes with a TypeError that says what to fix', () => {
    expect(() => createSaasUserApi({ ...creds, maxResponseBytes: 0 })).toThrow(TypeError);
    expect(() => createSaasUserApi({ ...creds, maxResponseBytes: 0 })).toThrow(/maxResponseBytes/);
  });
});

describe('redaction of what a server echoes in an error', () => {
  const secrets = [ACCESS_TOKEN, CODE, creds.secretKey];
  const escaped = (s: string) => JSON.stringify(s).slice(1, -1);
  const asciiEscaped = (s: string) => escaped(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  let nested: Record<string, unknown> = { leaf: ACCESS_TOKEN };
  for (let i = 0; i < 40; i++) nested = { deeper: nested };

  it('redacts secrets JSON-escaped, \\u-escaped, URL-encoded, form-encoded, at any depth of data, and in keys', async () => {
    reply = () => ({
      status: 400,
      headers: { 'content-type': 'application/json' },
      // Written by hand so the escaped forms reach the client exactly as a server would send them.
      body: `{"type":"code_mismatch","message":"got ${escaped(ACCESS_TOKEN)} and ${encodeURIComponent(creds.secretKey)}","data":{"json":"${escaped(creds.secretKey)}","ascii":"${asciiEscaped(ACCESS_TOKEN)}","url":"${encodeURIComponent(ACCESS_TOKEN)}","form":"${encodeURIComponent(ACCESS_TOKEN).replace(/%20/g, '+')}","lower":"${encodeURIComponent(creds.secretKey).toLowerCase()}","nested":${JSON.stringify(nested)},"keys":{${JSON.stringify(ACCESS_TOKEN)}:1,${JSON.stringify(CODE)}:2}}}`,
    });
    const error = await failure(api.confirmEmailUpdate('u-1', { code: CODE, access_token: ACCESS_TOKEN }));
    expect(error.type).toBe('code_mismatch');
    const text = renderings(error);
    for (const secret of secrets) {
      for (const form of [secret, escaped(secret), asciiEscaped(secret), encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')]) {
        expect(text).not.toContain(form);
      }
    }
    expect(JSON.stringify(error.data)).toContain('[redacted]');
  });
});
