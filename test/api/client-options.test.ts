import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSaasUserApi,
  saasUserApiOptionsFromEnv,
  type FetchLike,
  type SaasUserApiOptions,
} from '../../src/api/index.js';
import { expectedAuthorization, json, startLoopback, type Loopback } from './loopback.js';

const creds = { saasId: 'saas-1', apiKey: 'api-key-1', secretKey: 'secret-key-1' };

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback(() => json(200, { users: [] }));
});
afterAll(() => server.close());

/** Passes options the types would reject, as plain JavaScript callers can. */
const untyped = (options: Record<string, unknown>) => () => createSaasUserApi(options as SaasUserApiOptions);

/** A fetch that records requests and answers 200 `{}`, as an in-process handler would. */
function recordingFetch() {
  const requests: Request[] = [];
  const fetch: FetchLike = async (input, init) => {
    requests.push(new Request(input, init));
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, requests };
}

describe('createSaasUserApi credentials', () => {
  it('names every missing credential', () => {
    expect(() => createSaasUserApi({ apiKey: 'k' })).toThrow(new TypeError(
      'createSaasUserApi: missing saasId, secretKey. Pass them, or sign: false for an unsigned client (e.g. behind your back-end proxy).',
    ));
  });

  it('treats empty strings as missing instead of signing with them', () => {
    expect(() => createSaasUserApi({ saasId: 's', apiKey: '', secretKey: '' })).toThrow(/missing apiKey, secretKey/);
  });

  it('builds an unsigned client only when asked to, and it sends no Authorization header', async () => {
    const { fetch, requests } = recordingFetch();
    await createSaasUserApi({ sign: false, fetch, baseURL: 'http://localhost:3000/api' }).signUp({ email: 'a@example.com' });
    expect(requests[0]?.url).toBe('http://localhost:3000/api/v1/auth/sign-up');
    expect(requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('refuses credentials on an unsigned client', () => {
    expect(() => createSaasUserApi({ sign: false, secretKey: 'x' })).toThrow(/remove secretKey or drop sign: false/);
  });
});

describe('createSaasUserApi option validation', () => {
  it.each([
    ['a URL without scheme', { baseURL: 'api.saasus.io' }, /baseURL must be an absolute http\(s\) URL/],
    ['a non-http scheme', { baseURL: 'ftp://api.saasus.io' }, /baseURL must use http: or https:/],
    ['a base URL that already ends in /v1/auth', { baseURL: 'https://api.saasus.io/v1/auth' }, /"\/v1\/auth" is appended/],
    ['a base URL with a query', { baseURL: 'https://api.saasus.io/?x=1' }, /query or fragment/],
    ['a base URL with user info', { baseURL: 'https://u:p@api.saasus.io' }, /must not contain credentials/],
    ['a negative timeout', { timeout: -1 }, /timeout must be a number of milliseconds between 0 and/],
    ['a string timeout', { timeout: '5000' }, /timeout must be a number/],
    ['an unknown option', { baseUrl: 'https://x' }, /unknown option "baseUrl"/],
    ['a fetch that is not a function', { fetch: 'fetch' }, /fetch must be a function/],
    ['a non-string header', { headers: { 'X-A': 1 } }, /header "X-A" must be a string/],
    ['an Authorization header', { headers: { Authorization: 'Bearer x' } }, /header "Authorization" is set by the client/],
    ['a negative retry count', { retry: -1 }, /retry limit must be an integer from 0 to 10/],
    ['an unbounded retry count', { retry: { limit: 99 } }, /retry limit must be an integer from 0 to 10/],
    ['an unknown retry option', { retry: { tries: 3 } }, /unknown retry option "tries"/],
    ['a non-string referer', { referer: 42 }, /referer must be a string/],
    ['a non-boolean sign', { sign: 'no' }, /sign must be a boolean/],
  ])('throws a TypeError for %s', (_, options, message) => {
    expect(untyped({ ...creds, ...options })).toThrow(TypeError);
    expect(untyped({ ...creds, ...options })).toThrow(message);
  });

  it('accepts a zero timeout as "no timeout"', async () => {
    await expect(createSaasUserApi({ ...creds, baseURL: server.origin, timeout: 0 }).getSaasUsers()).resolves.toEqual({ users: [] });
  });
});

describe('call argument validation', () => {
  const api = () => createSaasUserApi({ ...creds, baseURL: server.origin });

  it.each([
    ['an empty userId', (a: ReturnType<typeof api>) => a.getSaasUser(''), /getSaasUser\(\): userId must be a non-empty string/],
    ['a ".." userId that would escape the route', (a: ReturnType<typeof api>) => a.deleteSaasUser('..'), /deleteSaasUser\(\): userId/],
    ['an empty providerName', (a: ReturnType<typeof api>) => a.unlinkProvider('', 'u-1'), /unlinkProvider\(\): providerName/],
    ['an empty callback code', (a: ReturnType<typeof api>) => a.getCredentials(''), /getCredentials\(\): code/],
    ['a body that is not an object', (a: ReturnType<typeof api>) => a.signUp('a@example.com' as never), /signUp\(\): the request body must be an object/],
    ['an unknown call option', (a: ReturnType<typeof api>) => a.getSaasUsers({ timeot: 5 } as never), /unknown call option "timeot"/],
    ['a negative call timeout', (a: ReturnType<typeof api>) => a.getSaasUsers({ timeout: -5 }), /timeout must be a non-negative number/],
    ['a reserved call header', (a: ReturnType<typeof api>) => a.getSaasUsers({ headers: { 'content-type': 'text/plain' } }), /is set by the client/],
  ])('rejects %s with a TypeError and sends nothing', async (_, call, message) => {
    const before = server.requests.length;
    const client = api();
    await expect(call(client)).rejects.toThrow(TypeError);
    await expect(call(client)).rejects.toThrow(message);
    expect(server.requests).toHaveLength(before);
  });
});

describe('default base URL', () => {
  it('calls https://api.saasus.io/v1/auth and signs the JS SDK worked vector', async () => {
    const { fetch, requests } = recordingFetch();
    const api = createSaasUserApi({
      saasId: 'S', apiKey: 'testapikey', secretKey: 'testsecret', fetch,
      now: () => new Date(Date.UTC(2026, 10, 28, 19, 30, 5)),
    });
    await api.signUp({ email: 'a@example.com' });
    await api.getSaasUsers();
    await api.unlinkProvider('Google', 'f94bfffc-8be2-11ec-b41a-0242ac120004');
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST https://api.saasus.io/v1/auth/sign-up',
      'GET https://api.saasus.io/v1/auth/users',
      'DELETE https://api.saasus.io/v1/auth/users/f94bfffc-8be2-11ec-b41a-0242ac120004/providers/Google',
    ]);
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([
      'SAASUSSIGV1 Sig=3f37bd855876c539a58af4826cbe67446b656a546cc21e1a7de3a2e343c31a11, SaaSID=S, APIKey=testapikey',
      'SAASUSSIGV1 Sig=d3d1b8099eac78c464bbf04bda3a8a2993adbbb4bce7cb9a994467f18bf82625, SaaSID=S, APIKey=testapikey',
      'SAASUSSIGV1 Sig=d043b462fb4fbfadfc06139c1a55fff129f459d7b6fda751046f641e97d5554e, SaaSID=S, APIKey=testapikey',
    ]);
  });
});

describe('createSaasUserApi.fromEnv', () => {
  const env = () => ({
    SAASUS_SAAS_ID: creds.saasId,
    SAASUS_API_KEY: creds.apiKey,
    SAASUS_SECRET_KEY: creds.secretKey,
    SAASUS_API_URL_BASE: server.origin,
  });

  it('reads the official SDK environment variables', async () => {
    const now = new Date(Date.UTC(2026, 1, 3, 4, 5));
    const before = server.requests.length;
    await createSaasUserApi.fromEnv({ now: () => now }, env()).getSaasUsers();
    const request = server.requests[before];
    expect(request?.url).toBe('/v1/auth/users');
    if (!request) throw new Error('no request recorded');
    expect(request.headers.authorization).toBe(expectedAuthorization(request, '202602030405', creds));
  });

  it('lets explicit options win over the environment', () => {
    expect(saasUserApiOptionsFromEnv(env())).toEqual({ ...creds, baseURL: server.origin });
    const { fetch, requests } = recordingFetch();
    return createSaasUserApi
      .fromEnv({ baseURL: 'https://other.example', fetch }, env())
      .getSaasUsers()
      .then(() => expect(requests[0]?.url).toBe('https://other.example/v1/auth/users'));
  });

  it('names the missing environment variables', () => {
    expect(() => createSaasUserApi.fromEnv({}, { SAASUS_API_KEY: 'k' })).toThrow(
      /missing saasId \(SAASUS_SAAS_ID\), secretKey \(SAASUS_SECRET_KEY\)/,
    );
  });

  it('defaults to process.env', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, env());
      expect(saasUserApiOptionsFromEnv()).toEqual({ ...creds, baseURL: server.origin });
    } finally {
      for (const key of Object.keys(env())) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
