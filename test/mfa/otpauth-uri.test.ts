import { describe, expect, it } from 'vitest';
import { otpauthUri, parseOtpauthUri } from '../../src/mfa/index.js';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('otpauthUri', () => {
  it('builds the URI SaaSus samples build, with the account name percent-encoded', () => {
    expect(otpauthUri({ secret, accountName: 'ann@example.com' })).toBe(
      `otpauth://totp/SaaSusPlatform:ann%40example.com?secret=${secret}&issuer=SaaSusPlatform`,
    );
  });

  it('encodes issuer and account name each on its own, keeping the colon between them literal', () => {
    const uri = otpauthUri({ secret, accountName: 'o\'neil+test@exämple.com', issuer: 'Acme & Co / Dev' });
    expect(uri.startsWith('otpauth://totp/Acme%20%26%20Co%20%2F%20Dev:o\'neil%2Btest%40ex%C3%A4mple.com?')).toBe(true);
    expect(uri).toContain('&issuer=Acme%20%26%20Co%20%2F%20Dev');
  });

  it('adds digits, period and algorithm only when asked to', () => {
    const uri = otpauthUri({ secret, accountName: 'a@b.c', digits: 8, period: 60, algorithm: 'SHA256' });
    expect(uri).toMatch(/&algorithm=SHA256&digits=8&period=60$/);
    expect(otpauthUri({ secret, accountName: 'a@b.c' })).not.toMatch(/digits|period|algorithm/);
  });

  it('normalises the secret to upper-case base32 without padding and rejects anything else', () => {
    expect(parseOtpauthUri(otpauthUri({ secret: 'jbsw y3dp ehpk 3pxp====', accountName: 'a' })).secret).toBe('JBSWY3DPEHPK3PXP');
    expect(() => otpauthUri({ secret: 'not-base32!', accountName: 'a' })).toThrow(TypeError);
  });

  it('rejects a colon or an empty value in the label parts', () => {
    expect(() => otpauthUri({ secret, accountName: 'a:b' })).toThrow(TypeError);
    expect(() => otpauthUri({ secret, accountName: 'a', issuer: 'x:y' })).toThrow(TypeError);
    expect(() => otpauthUri({ secret, accountName: '' })).toThrow(TypeError);
  });

  it('round-trips through parseOtpauthUri and the WHATWG URL parser', () => {
    const safe = { secret, accountName: 'ann+mfa@example.com', issuer: 'My SaaS ü', digits: 6 as const, period: 30 };
    const uri = otpauthUri(safe);
    expect(parseOtpauthUri(uri)).toEqual({ secret, accountName: safe.accountName, issuer: safe.issuer, digits: 6, period: 30, algorithm: 'SHA1' });
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('issuer')).toBe(safe.issuer);
    expect(url.searchParams.get('secret')).toBe(secret);
  });
});

describe('parseOtpauthUri', () => {
  it('fills in authenticator defaults and takes the issuer from the label when the parameter is absent', () => {
    expect(parseOtpauthUri(`otpauth://totp/Acme:bob%40x.io?secret=${secret}`)).toEqual({
      secret, accountName: 'bob@x.io', issuer: 'Acme', digits: 6, period: 30, algorithm: 'SHA1',
    });
  });

  it('rejects URIs that are not TOTP key URIs', () => {
    expect(() => parseOtpauthUri(`otpauth://hotp/a?secret=${secret}`)).toThrow(TypeError);
    expect(() => parseOtpauthUri('otpauth://totp/a?issuer=x')).toThrow(TypeError);
    expect(() => parseOtpauthUri(`otpauth://totp/a?secret=${secret}&algorithm=MD5`)).toThrow(TypeError);
  });
});
