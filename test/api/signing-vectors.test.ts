import { describe, expect, it } from 'vitest';
import { authorizationHeader, createSigner } from '../../src/api/authorization.js';
import { computeSignature, formatSignatureTime, hmacSha256Hex, hmacSha256HexPortable, signatureMessage, signedUrlPart, signRequest, type HmacSha256Hex } from '../../src/api/signing.js';

interface Vector {
  name: string;
  apiKey: string;
  secretKey: string;
  date: Date;
  method: string;
  url: string;
  body: string;
  signature: string;
}

// Go SDK client_test.go vectors: T = 202109011234.
const goDate = new Date(Date.UTC(2021, 8, 1, 12, 34, 56, 789));
// JS-algorithm vectors (computed with node:crypto): T = 202611281930.
const jsDate = new Date(Date.UTC(2026, 10, 28, 19, 30, 59, 999));
const js = { apiKey: 'testapikey', secretKey: 'testsecret', date: jsDate };

const vectors: Vector[] = [
  {
    name: 'Go SDK: GET userinfo, no body',
    apiKey: 'apiKey', secretKey: 'secret', date: goDate, method: 'GET',
    url: 'https://api.saasus.io/v1/auth/userinfo', body: '',
    signature: 'a041e74fb58621f9e2e25453573b6009a93f457a33df970a7d8a5637a593708b',
  },
  {
    name: 'Go SDK: POST userinfo, body "hello world"',
    apiKey: 'apiKey', secretKey: 'secret', date: goDate, method: 'POST',
    url: 'https://api.saasus.io/v1/auth/userinfo', body: 'hello world',
    signature: 'a23ee22c670a2e7756a7bad8bc2847196783e1e2576b0d999f6d1b6ccbf5e3fa',
  },
  {
    name: 'JS SDK algorithm: POST sign-up, compact JSON body',
    ...js, method: 'POST', url: 'https://api.saasus.io/v1/auth/sign-up', body: '{"email":"a@example.com"}',
    signature: '3f37bd855876c539a58af4826cbe67446b656a546cc21e1a7de3a2e343c31a11',
  },
  {
    name: 'JS SDK algorithm: POST sign-up, Python-style body with spaces',
    ...js, method: 'POST', url: 'https://api.saasus.io/v1/auth/sign-up', body: '{"email": "a@example.com"}',
    signature: 'b4163e71783f3d24f20e116994695fd429d9c64b397d9a06b8264e5f3797797b',
  },
  {
    name: 'JS SDK algorithm: GET users, no body',
    ...js, method: 'GET', url: 'https://api.saasus.io/v1/auth/users', body: '',
    signature: 'd3d1b8099eac78c464bbf04bda3a8a2993adbbb4bce7cb9a994467f18bf82625',
  },
  {
    name: 'JS SDK algorithm: DELETE provider link',
    ...js, method: 'DELETE', url: 'https://api.saasus.io/v1/auth/users/f94bfffc-8be2-11ec-b41a-0242ac120004/providers/Google', body: '',
    signature: 'd043b462fb4fbfadfc06139c1a55fff129f459d7b6fda751046f641e97d5554e',
  },
  {
    name: 'JS SDK algorithm: emulator host with port',
    ...js, method: 'POST', url: 'http://localhost:8080/v1/auth/sign-up', body: '{"email":"a@example.com"}',
    signature: '9015e329467a8b27ea04283fe123099c276eac8ecdbe11f3526fba16c68f8139',
  },
];

const hmacs: [string, HmacSha256Hex][] = [
  ['node:crypto', hmacSha256Hex],
  ['@noble/hashes', hmacSha256HexPortable],
];

describe('SAASUSSIGV1 test vectors', () => {
  describe.each(hmacs)('with the %s HMAC', (_, hmac) => {
    it.each(vectors)('reproduces $name', async (v) => {
      const signature = await computeSignature(v, { method: v.method, url: v.url, body: v.body, date: v.date }, hmac);
      expect(signature).toBe(v.signature);
    });

    it.each(vectors)('signs $name the same on the client hot path', async (v) => {
      const header = await authorizationHeader({ saasId: 'S', ...v }, hmac, v.date, v.method, signedUrlPart(v.url), v.body);
      expect(header).toBe(`SAASUSSIGV1 Sig=${v.signature}, SaaSID=S, APIKey=${v.apiKey}`);
    });

    it.each(vectors)('signs $name the same with a reused keyed signer', async (v) => {
      const sign = createSigner({ saasId: 'S', apiKey: v.apiKey, secretKey: v.secretKey }, hmac);
      const other = new Date(v.date.getTime() + 3_600_000);
      const first = await sign(v.date, v.method, signedUrlPart(v.url), v.body);
      const elsewhen = await sign(other, v.method, signedUrlPart(v.url), v.body);
      const again = await sign(v.date, v.method, signedUrlPart(v.url), v.body);
      expect([first, again]).toEqual([`SAASUSSIGV1 Sig=${v.signature}, SaaSID=S, APIKey=${v.apiKey}`, first]);
      expect(elsewhen).not.toBe(first);
    });
  });

  it('builds the exact 80-character signed text of the JS SDK vector', () => {
    const message = signatureMessage('202611281930', 'testapikey', 'post', 'api.saasus.io/v1/auth/sign-up', '{"email":"a@example.com"}');
    const text = new TextDecoder().decode(message);
    expect(text).toBe('202611281930testapikeyPOSTapi.saasus.io/v1/auth/sign-up{"email":"a@example.com"}');
    expect(text).toHaveLength(80);
  });

  it('formats the header of the Go SDK test', async () => {
    const header = await signRequest(
      { saasId: 'saasID', apiKey: 'apiKey', secretKey: 'secret' },
      { method: 'GET', url: 'https://api.saasus.io/v1/auth/userinfo', date: goDate },
    );
    expect(header).toBe('SAASUSSIGV1 Sig=a041e74fb58621f9e2e25453573b6009a93f457a33df970a7d8a5637a593708b, SaaSID=saasID, APIKey=apiKey');
  });

  it('uses UTC minutes, zero-padded, whatever the seconds', () => {
    expect(formatSignatureTime(new Date(Date.UTC(2027, 0, 2, 3, 4, 59, 999)))).toBe('202701020304');
  });

  it('keeps the port and the query in the signed URL part, and drops the fragment', () => {
    expect(signedUrlPart('http://localhost:8080/v1/auth/credentials?code=a%2Bb#frag')).toBe('localhost:8080/v1/auth/credentials?code=a%2Bb');
  });
});
