/**
 * SAASUSSIGV1 signing, pinned down where the published vectors do not reach: the signer's
 * per-minute cache, the async HMAC path, and the parsing of the header the emulator checks.
 */
import { describe, expect, it, vi } from 'vitest';
import { authorizationHeader, createSigner } from '../../src/api/authorization.js';
import {
  computeSignature,
  formatAuthorizationHeader,
  formatSignatureTime,
  hmacSha256Hex,
  hmacSha256HexPortable,
  parseAuthorizationHeader,
  signRequest,
  signatureMessage,
  signedUrlPart,
  timingSafeEqualString,
} from '../../src/api/signing.js';

const CREDENTIALS = { saasId: 'saas-1', apiKey: 'api-key-1', secretKey: 'secret-key-1' };

/** The header computed from scratch, by the published construction. */
const reference = (date: Date, method: string, url: string, body = '') => signRequest(CREDENTIALS, { method, url, body, date });

describe('createSigner', () => {
  it('signs each minute with that minute, also when calls cross a minute boundary and come back', async () => {
    const sign = createSigner(CREDENTIALS);
    const times = [Date.UTC(2026, 0, 1, 12, 0, 59, 999), Date.UTC(2026, 0, 1, 12, 1, 0, 0), Date.UTC(2026, 0, 1, 12, 1, 30), Date.UTC(2026, 0, 1, 12, 0, 1), Date.UTC(2027, 5, 2, 3, 4, 5)];
    for (const at of times) {
      for (const [method, path, body] of [['POST', '/v1/auth/sign-up', '{"email":"a@example.com"}'], ['GET', '/v1/auth/users?x=1', '']] as const) {
        const header = await sign(new Date(at), method, `saasus.test${path}`, body);
        expect(header).toBe(await reference(new Date(at), method, `https://saasus.test${path}`, body));
      }
    }
  });

  it('with a given (async) HMAC, signs the same as the default', async () => {
    const date = new Date(Date.UTC(2026, 10, 28, 19, 30, 30));
    const custom = createSigner(CREDENTIALS, hmacSha256HexPortable);
    const header = custom(date, 'PATCH', 'saasus.test/v1/auth/users/u1/email', '{"email":"b@example.com"}');
    expect(typeof header).not.toBe('string');
    expect(await header).toBe(await reference(date, 'PATCH', 'https://saasus.test/v1/auth/users/u1/email', '{"email":"b@example.com"}'));
    expect(await authorizationHeader(CREDENTIALS, hmacSha256HexPortable, date, 'GET', 'saasus.test/v1/auth/users', '')).toBe(await reference(date, 'GET', 'https://saasus.test/v1/auth/users'));
    expect(authorizationHeader(CREDENTIALS, hmacSha256Hex, date, 'GET', 'saasus.test/v1/auth/users', '')).toBe(await reference(date, 'GET', 'https://saasus.test/v1/auth/users'));
  });

  it('the portable HMAC equals node:crypto, for strings and bytes', async () => {
    expect(await hmacSha256HexPortable('k', 'message')).toBe(hmacSha256Hex('k', 'message'));
    expect(await hmacSha256HexPortable('k', new Uint8Array([1, 2, 255]))).toBe(hmacSha256Hex('k', new Uint8Array([1, 2, 255])));
  });
});

describe('the signed text', () => {
  it('time, API key, upper-cased method, host+path+query, then the body bytes', async () => {
    expect(formatSignatureTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 59)))).toBe('202601020304');
    expect(signedUrlPart('http://localhost:8080/v1/auth/users?b=2&a=1#frag')).toBe('localhost:8080/v1/auth/users?b=2&a=1');
    expect(signedUrlPart(new URL('https://x.test/p'))).toBe('x.test/p');
    expect(new TextDecoder().decode(signatureMessage('202601020304', 'key', 'post', 'x.test/p', new Uint8Array([0x7b, 0x7d])))).toBe('202601020304keyPOSTx.test/p{}');
    expect(new TextDecoder().decode(signatureMessage('t', 'k', 'get', 'u'))).toBe('tkGETu');
    const date = new Date(Date.UTC(2026, 0, 2, 3, 4));
    expect(await computeSignature(CREDENTIALS, { method: 'GET', url: 'https://x.test/p', date })).toBe(hmacSha256Hex(CREDENTIALS.secretKey, '202601020304api-key-1GETx.test/p'));
  });
});

describe('parseAuthorizationHeader', () => {
  const sig = 'a'.repeat(64);
  it('reads the three parts of a well-formed header, around surrounding spaces', () => {
    expect(parseAuthorizationHeader(`  ${formatAuthorizationHeader(sig, 'S', 'K,with comma')}  `)).toEqual({ signature: sig, saasId: 'S', apiKey: 'K,with comma' });
  });

  it.each([
    ['absent', null],
    ['empty', ''],
    ['another scheme', `Bearer ${sig}`],
    ['a prefix before the scheme', `x SAASUSSIGV1 Sig=${sig}, SaaSID=S, APIKey=K`],
    ['upper-case hex', `SAASUSSIGV1 Sig=${'A'.repeat(64)}, SaaSID=S, APIKey=K`],
    ['a short signature', `SAASUSSIGV1 Sig=${'a'.repeat(63)}, SaaSID=S, APIKey=K`],
    ['a long signature', `SAASUSSIGV1 Sig=${'a'.repeat(65)}, SaaSID=S, APIKey=K`],
    ['no SaaS ID', `SAASUSSIGV1 Sig=${sig}, SaaSID=, APIKey=K`],
    ['no API key', `SAASUSSIGV1 Sig=${sig}, SaaSID=S, APIKey=`],
    ['a second line after the API key', `SAASUSSIGV1 Sig=${sig}, SaaSID=S, APIKey=K\nX-Other: 1`],
  ])('refuses %s', (_name, header) => {
    expect(parseAuthorizationHeader(header)).toBeUndefined();
  });
});

describe('timingSafeEqualString', () => {
  it('is true only for equal strings, whatever their lengths', () => {
    expect(timingSafeEqualString('abc', 'abc')).toBe(true);
    expect(timingSafeEqualString('', '')).toBe(true);
    expect(timingSafeEqualString('abc', 'abd')).toBe(false);
    expect(timingSafeEqualString('abc', 'ab')).toBe(false);
    expect(timingSafeEqualString('ab', 'abc')).toBe(false);
    expect(timingSafeEqualString('abc', 'abc\u0000')).toBe(false);
    expect(timingSafeEqualString('é', 'e')).toBe(false);
  });
});

describe('hmacSha256Hex: the runtime it picks', () => {
  it('answers synchronously through node:crypto where the runtime has it', () => {
    const mac: unknown = hmacSha256Hex('k', 'message');
    expect(typeof mac).toBe('string');
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
  });

  it('without node:crypto (or when asking for it throws) it falls back to @noble/hashes, with the same MAC', async () => {
    const expected = hmacSha256Hex('k', 'message');
    const original = process.getBuiltinModule;
    const replacements = [() => undefined, () => { throw new Error('no builtins here'); }];
    try {
      for (const replacement of replacements) {
        process.getBuiltinModule = replacement as typeof process.getBuiltinModule;
        vi.resetModules();
        const fresh = await import('../../src/api/signing.js');
        expect(fresh.nodeCrypto()).toBeUndefined();
        const mac = fresh.hmacSha256Hex('k', 'message');
        expect(mac).toBeInstanceOf(Promise);
        expect(await mac).toBe(expected);
        // createSigner has no KeyObject to import there, and signs through the same fallback.
        const { createSigner: freshSigner } = await import('../../src/api/authorization.js');
        const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
        const header = freshSigner(CREDENTIALS)(date, 'GET', 'x.test/p', '');
        expect(header).toBeInstanceOf(Promise);
        expect(await header).toBe(await reference(date, 'GET', 'https://x.test/p'));
      }
    } finally {
      process.getBuiltinModule = original;
      vi.resetModules();
    }
  });
});
