/**
 * Why the emulator refuses a signature, reason by reason, and the signer's fast path (the
 * secret imported once as a node:crypto KeyObject) giving the same headers as the plain HMAC.
 */
import crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigner } from '../../src/api/authorization.js';
import { formatAuthorizationHeader, formatSignatureTime, hmacSha256Hex, hmacSha256HexPortable, signRequest, signatureMessage } from '../../src/api/signing.js';
import { verifySignature, type SignedRequest } from '../../src/emulator/signature.js';

const CREDENTIALS = { saasId: 'saas-1', apiKey: 'api-key-1', secretKey: 'secret-key-1' };
const NOW = Date.UTC(2026, 10, 28, 19, 30, 30);
const body = new TextEncoder().encode('{"email":"a@example.com"}');

async function request(authorization: string | null, init: Partial<SignedRequest> = {}): Promise<SignedRequest> {
  return { method: 'POST', host: 'saasus.test', target: '/v1/auth/sign-up', authorization, body, ...init };
}

const signed = (date = NOW, url = 'https://saasus.test/v1/auth/sign-up') =>
  signRequest(CREDENTIALS, { method: 'POST', url, body: '{"email":"a@example.com"}', date: new Date(date) });

describe('verifySignature verdicts', () => {
  it('accepts a good signature, and says why it refuses each bad one', async () => {
    expect(await verifySignature(CREDENTIALS, await request(await signed()), [NOW], 1)).toEqual({ ok: true });
    expect(await verifySignature(CREDENTIALS, await request(null), [NOW], 1)).toEqual({ ok: false, reason: 'Missing Authorization header (SAASUSSIGV1).' });
    expect(await verifySignature(CREDENTIALS, await request('Bearer x'), [NOW], 1)).toEqual({ ok: false, reason: 'Malformed SAASUSSIGV1 Authorization header.' });
    const sig = 'a'.repeat(64);
    for (const header of [formatAuthorizationHeader(sig, 'other', CREDENTIALS.apiKey), formatAuthorizationHeader(sig, CREDENTIALS.saasId, 'other')]) {
      expect(await verifySignature(CREDENTIALS, await request(header), [NOW], 1)).toEqual({ ok: false, reason: 'Unknown SaaS ID or API key.' });
    }
    expect(await verifySignature(CREDENTIALS, await request(formatAuthorizationHeader(sig, CREDENTIALS.saasId, CREDENTIALS.apiKey)), [NOW], 1)).toEqual({
      ok: false,
      reason: 'Signature mismatch (wrong secret key, body, URL or a time outside the accepted window).',
    });
  });

  it('accepts the minutes within the window around any reference time, and not beyond', async () => {
    for (const [offsetMinutes, ok] of [[0, true], [1, true], [-1, true], [2, true], [-2, true], [3, false], [-3, false]] as const) {
      const verdict = await verifySignature(CREDENTIALS, await request(await signed(NOW + offsetMinutes * 60_000)), [NOW], 2);
      expect(verdict.ok, `${offsetMinutes} min`).toBe(ok);
    }
    // A second reference time (e.g. the emulator's moved clock) widens what is accepted.
    expect((await verifySignature(CREDENTIALS, await request(await signed(NOW + 10 * 60_000)), [NOW, NOW + 10 * 60_000], 0)).ok).toBe(true);
  });

  it('accepts the host with its port, and without it (as the Java SDK signs), and no other host', async () => {
    const withPort = await request(await signed(NOW, 'http://localhost:8080/v1/auth/sign-up'), { host: 'localhost:8080' });
    expect((await verifySignature(CREDENTIALS, withPort, [NOW], 0)).ok).toBe(true);
    const portless = await request(await signed(NOW, 'http://localhost/v1/auth/sign-up'), { host: 'localhost:8080' });
    expect((await verifySignature(CREDENTIALS, portless, [NOW], 0)).ok).toBe(true);
    const otherHost = await request(await signed(NOW, 'http://other:8080/v1/auth/sign-up'), { host: 'localhost:8080' });
    expect((await verifySignature(CREDENTIALS, otherHost, [NOW], 0)).ok).toBe(false);
    const ipv6 = await request(await signed(NOW, 'http://[::1]:8080/v1/auth/sign-up'), { host: '[::1]:8080' });
    expect((await verifySignature(CREDENTIALS, ipv6, [NOW], 0)).ok).toBe(true);
  });

  it('drops only a whole numeric port: not a tail that is not all digits, not the last group of a bare IPv6 address', async () => {
    /** A header signed over exactly `signedHost` + target (what a client with that Host would send). */
    const signedOver = async (signedHost: string) => {
      const message = signatureMessage(formatSignatureTime(new Date(NOW)), CREDENTIALS.apiKey, 'POST', `${signedHost}/v1/auth/sign-up`, body);
      return formatAuthorizationHeader(await hmacSha256Hex(CREDENTIALS.secretKey, message), CREDENTIALS.saasId, CREDENTIALS.apiKey);
    };
    const verdict = async (signedHost: string, host: string) => (await verifySignature(CREDENTIALS, await request(await signedOver(signedHost), { host }), [NOW], 0)).ok;
    expect(await verdict('saasus.test:8080x', 'saasus.test:8080x')).toBe(true);
    expect(await verdict('saasus.test', 'saasus.test:8080x')).toBe(false);
    expect(await verdict('fe80::1', 'fe80::1')).toBe(true);
    expect(await verdict('fe80:', 'fe80::1')).toBe(false);
    expect(await verdict('saasus.test', 'saasus.test:443')).toBe(true);
    // The whole value is one host: a line break in it does not start another one.
    expect(await verdict('saasus.test', 'evil\nsaasus.test:443')).toBe(false);
  });
});

describe('createSigner fast path', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('imports the secret once as a KeyObject and signs as the plain HMAC does', async () => {
    const createSecretKey = vi.spyOn(crypto, 'createSecretKey');
    const createHmac = vi.spyOn(crypto, 'createHmac');
    const sign = createSigner(CREDENTIALS);
    const portable = createSigner(CREDENTIALS, hmacSha256HexPortable);
    expect(createSecretKey).toHaveBeenCalledTimes(1);
    for (const at of [NOW, NOW + 1_000, NOW + 60_000]) {
      const header = sign(new Date(at), 'POST', 'saasus.test/v1/auth/sign-up', '{"email":"a@example.com"}');
      expect(header).toBe(await portable(new Date(at), 'POST', 'saasus.test/v1/auth/sign-up', '{"email":"a@example.com"}'));
    }
    expect(createSecretKey).toHaveBeenCalledTimes(1);
    expect(createHmac).toHaveBeenCalledTimes(3);
    for (const call of createHmac.mock.calls) expect(call[1]).toBeInstanceOf(crypto.KeyObject);
  });
});

describe('verifySignature without node:crypto (the portable HMAC, asynchronous)', () => {
  it('gives the same verdicts, trying each candidate minute and Host in turn', async () => {
    const original = process.getBuiltinModule;
    // A key no other test used: the emulator keeps one MAC per secret key.
    const credentials = { ...CREDENTIALS, secretKey: 'secret-key-without-node-crypto' };
    const signedWith = (date: number, url: string) =>
      signRequest(credentials, { method: 'POST', url, body: '{"email":"a@example.com"}', date: new Date(date) });
    try {
      process.getBuiltinModule = (() => undefined) as unknown as typeof process.getBuiltinModule;
      vi.resetModules();
      const fresh = await import('../../src/emulator/signature.js');
      const now = await request(await signedWith(NOW, 'https://saasus.test/v1/auth/sign-up'));
      const verdict = fresh.verifySignatureNow(credentials, now, [NOW], 1);
      expect(verdict).toBeInstanceOf(Promise);
      expect(await verdict).toEqual({ ok: true });
      // A minute earlier, and the port-less Host the Java SDK signs: found after mismatches.
      const earlier = await request(await signedWith(NOW - 60_000, 'https://saasus.test/v1/auth/sign-up'), { host: 'saasus.test:8443' });
      expect(await fresh.verifySignatureNow(credentials, earlier, [NOW], 1)).toEqual({ ok: true });
      const outside = await request(await signedWith(NOW - 3 * 60_000, 'https://saasus.test/v1/auth/sign-up'));
      expect(await fresh.verifySignatureNow(credentials, outside, [NOW], 1)).toEqual({
        ok: false,
        reason: 'Signature mismatch (wrong secret key, body, URL or a time outside the accepted window).',
      });
      const otherBody = { ...now, body: new TextEncoder().encode('{"email":"b@example.com"}') };
      expect((await fresh.verifySignatureNow(credentials, otherBody, [NOW], 1)).ok).toBe(false);
    } finally {
      process.getBuiltinModule = original;
      vi.resetModules();
    }
  });
});
