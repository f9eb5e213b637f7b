import { afterEach, describe, expect, it } from 'vitest';
import { formatAuthorizationHeader, signRequest } from '../../src/api/signing.js';
import { createEmulator, serveEmulator, type ServedEmulator } from '../../src/emulator/index.js';

/** The spec's §4.5 vectors: T=202611281930, apiKey `testapikey`, secret `testsecret`. */
const FROZEN = Date.UTC(2026, 10, 28, 19, 30, 30);
const vectorEmulator = (now = FROZEN) => createEmulator({ saasId: 'S', apiKey: 'testapikey', secretKey: 'testsecret', now: () => now });
const auth = (sig: string) => formatAuthorizationHeader(sig, 'S', 'testapikey');

function send(url: string, method: string, authorization: string | undefined, body?: string): Request {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Request(url, { method, headers, ...(body === undefined ? {} : { body }) });
}

async function errorType(response: Response): Promise<string> {
  return ((await response.json()) as { type: string }).type;
}

describe('emulator signature verification', () => {
  describe('accepts the spec vectors at their frozen time', () => {
    it.each([
      ['POST sign-up, compact body', 'https://api.saasus.io/v1/auth/sign-up', 'POST', '{"email":"a@example.com"}', '3f37bd855876c539a58af4826cbe67446b656a546cc21e1a7de3a2e343c31a11', 201],
      ['POST sign-up, Python-style body', 'https://api.saasus.io/v1/auth/sign-up', 'POST', '{"email": "a@example.com"}', 'b4163e71783f3d24f20e116994695fd429d9c64b397d9a06b8264e5f3797797b', 201],
      ['GET users', 'https://api.saasus.io/v1/auth/users', 'GET', undefined, 'd3d1b8099eac78c464bbf04bda3a8a2993adbbb4bce7cb9a994467f18bf82625', 200],
      [
        'DELETE provider link (unknown user: signature passes, 404 follows)',
        'https://api.saasus.io/v1/auth/users/f94bfffc-8be2-11ec-b41a-0242ac120004/providers/Google',
        'DELETE',
        undefined,
        'd043b462fb4fbfadfc06139c1a55fff129f459d7b6fda751046f641e97d5554e',
        404,
      ],
      ['POST sign-up on localhost:8080', 'http://localhost:8080/v1/auth/sign-up', 'POST', '{"email":"a@example.com"}', '9015e329467a8b27ea04283fe123099c276eac8ecdbe11f3526fba16c68f8139', 201],
    ] as const)('%s', async (_name, url, method, body, sig, status) => {
      const response = await vectorEmulator().fetch(send(url, method, auth(sig), body));
      expect(response.status).toBe(status);
    });

    it('the Go SDK vector on /userinfo (signature passes, then the missing ID token is a 401)', async () => {
      const emulator = createEmulator({ saasId: 'saasID', apiKey: 'apiKey', secretKey: 'secret', now: () => Date.UTC(2021, 8, 1, 12, 34, 10) });
      const header = formatAuthorizationHeader('a041e74fb58621f9e2e25453573b6009a93f457a33df970a7d8a5637a593708b', 'saasID', 'apiKey');
      const response = await emulator.fetch(send('https://api.saasus.io/v1/auth/userinfo', 'GET', header));
      expect([response.status, await errorType(response)]).toEqual([401, 'invalid_id_token']);
    });

    it('one minute either side, but not two', async () => {
      const sig = '3f37bd855876c539a58af4826cbe67446b656a546cc21e1a7de3a2e343c31a11';
      const at = async (now: number) =>
        (await vectorEmulator(now).fetch(send('https://api.saasus.io/v1/auth/sign-up', 'POST', auth(sig), '{"email":"a@example.com"}'))).status;
      expect(await at(FROZEN + 60_000)).toBe(201);
      expect(await at(FROZEN - 60_000)).toBe(201);
      expect(await at(FROZEN + 120_000)).toBe(401);
      expect(await at(FROZEN - 120_000)).toBe(401);
    });
  });

  describe('rejects with 401 permission_denied', () => {
    const url = 'https://api.saasus.io/v1/auth/sign-up';
    const body = '{"email":"a@example.com"}';
    const good = '3f37bd855876c539a58af4826cbe67446b656a546cc21e1a7de3a2e343c31a11';

    it.each([
      ['a tampered body', auth(good), '{"email":"b@example.com"}'],
      ['a signature made with a wrong secret key', undefined, body],
      ['another API key in the header', formatAuthorizationHeader(good, 'S', 'otherkey'), body],
      ['another SaaS ID in the header', formatAuthorizationHeader(good, 'T', 'testapikey'), body],
      ['a missing Authorization header', null, body],
      ['a malformed Authorization header', 'Bearer abc', body],
    ] as const)('%s', async (_name, header, sentBody) => {
      const emulator = vectorEmulator();
      const authorization =
        header === undefined
          ? await signRequest({ saasId: 'S', apiKey: 'testapikey', secretKey: 'wrongsecret' }, { method: 'POST', url, body, date: new Date(FROZEN) })
          : (header ?? undefined);
      const response = await emulator.fetch(send(url, 'POST', authorization, sentBody));
      expect([response.status, await errorType(response)]).toEqual([401, 'permission_denied']);
      expect(emulator.control.exportState().users).toEqual({});
    });

    it('a stale timestamp (signed 5 minutes ago)', async () => {
      const emulator = vectorEmulator();
      const authorization = await signRequest({ saasId: 'S', apiKey: 'testapikey', secretKey: 'testsecret' }, { method: 'POST', url, body, date: new Date(FROZEN - 300_000) });
      const response = await emulator.fetch(send(url, 'POST', authorization, body));
      expect([response.status, await errorType(response)]).toEqual([401, 'permission_denied']);
    });
  });

  describe('over HTTP', () => {
    let served: ServedEmulator | undefined;
    afterEach(async () => {
      await served?.close();
    });

    it('hashes Host + raw path and also accepts the port-less host the Java SDK signs', async () => {
      const emulator = createEmulator();
      served = await serveEmulator(emulator);
      const url = `${served.url}/v1/auth/sign-up`;
      const { host, port } = new URL(served.url);
      for (const [signedUrl, email] of [
        [url, 'with-port@example.com'],
        [`http://${host.replace(`:${port}`, '')}/v1/auth/sign-up`, 'java@example.com'],
      ] as const) {
        const body = JSON.stringify({ email });
        const authorization = await signRequest(emulator.credentials, { method: 'POST', url: signedUrl, body });
        const response = await fetch(url, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
        expect(response.status).toBe(201);
      }
      const body = JSON.stringify({ email: 'other-path@example.com' });
      const authorization = await signRequest(emulator.credentials, { method: 'POST', url: `${served.url}/v1/auth/sign-up/resend`, body });
      const response = await fetch(url, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
      expect(response.status).toBe(401);
    });
  });

  describe('X-Saasus-Trace-Id', () => {
    it('keeps an incoming trace id and generates one otherwise, on successes and errors alike', async () => {
      const emulator = vectorEmulator();
      const kept = await emulator.fetch(new Request('https://api.saasus.io/v1/auth/users', { headers: { 'x-saasus-trace-id': 'trace-123' } }));
      expect([kept.status, kept.headers.get('x-saasus-trace-id')]).toEqual([401, 'trace-123']);
      const generated = await emulator.fetch(new Request('https://api.saasus.io/nowhere'));
      expect(generated.status).toBe(404);
      expect(generated.headers.get('x-saasus-trace-id')).toMatch(/^[0-9a-f-]{36}$/);
      const ok = await emulator.fetch(send('https://api.saasus.io/v1/auth/users', 'GET', auth('d3d1b8099eac78c464bbf04bda3a8a2993adbbb4bce7cb9a994467f18bf82625')));
      expect([ok.status, ok.headers.has('x-saasus-trace-id')]).toEqual([200, true]);
    });
  });
});
