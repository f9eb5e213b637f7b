import { describe, expect, it } from 'vitest';
import { createProxyFixture } from './proxy-fixture.js';

interface BadCase {
  name: string;
  method: string;
  path: string;
  body: unknown;
  session?: boolean;
  headers?: Record<string, string>;
}

const bad: BadCase[] = [
  { name: 'not JSON', method: 'POST', path: '/sign-up', body: '{"email":' },
  { name: 'a JSON array', method: 'POST', path: '/sign-up', body: [{ email: 'a@example.com' }] },
  { name: 'JSON null', method: 'POST', path: '/sign-up', body: 'null' },
  { name: 'a missing required field', method: 'POST', path: '/sign-up', body: {} },
  { name: 'a number for a string', method: 'POST', path: '/sign-up', body: { email: 42 } },
  { name: 'an empty string', method: 'POST', path: '/sign-up', body: { email: '  ' } },
  { name: 'an over-long string', method: 'POST', path: '/sign-up', body: { email: `${'a'.repeat(300)}@example.com` } },
  { name: 'an unknown field', method: 'POST', path: '/sign-up', body: { email: 'a@example.com', admin: true } },
  { name: 'a body over the size limit', method: 'POST', path: '/sign-up', body: { email: 'a@example.com', pad: 'x'.repeat(20_000) } },
  { name: 'a missing registration token', method: 'POST', path: '/aws-marketplace/sign-up', body: { email: 'a@example.com' } },
  { name: 'a string for a boolean', method: 'PATCH', path: '/mfa/preference', body: { enabled: 'true' }, session: true },
  { name: 'an unknown MFA method', method: 'PATCH', path: '/mfa/preference', body: { enabled: true, method: 'sms' }, session: true },
  { name: 'enabling MFA without a method', method: 'PATCH', path: '/mfa/preference', body: { enabled: true }, session: true },
  { name: 'a code that is an object', method: 'POST', path: '/email/confirm', body: { code: { $ne: '' } }, session: true },
  { name: 'fields on a route that takes none', method: 'POST', path: '/mfa/secret-code', body: { secret: 'x' }, session: true },
  { name: 'invalid UTF-8', method: 'POST', path: '/sign-up', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]).buffer },
];

describe('createSaasusProxy body validation', () => {
  it.each(bad)('answers 400 invalid_parameter for $name without calling SaaSus', async (c) => {
    const f = createProxyFixture();
    const cookie = c.session ? (await f.signedInUser('validate@example.com')).cookie : undefined;
    f.upstream.length = 0;
    const body = c.body instanceof ArrayBuffer ? c.body : typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...c.headers };
    const response = await f.proxy(new Request(`http://app.test/api/saasus${c.path}`, { method: c.method, headers, body }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const json: unknown = await response.json();
    expect(json).toEqual({ type: 'invalid_parameter', message: expect.any(String) });
    expect(f.upstream).toEqual([]);
  });

  it('answers 415 when a body is not sent as JSON, which keeps cross-site form posts out', async () => {
    const f = createProxyFixture();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const headers: Record<string, string> = type === undefined ? {} : { 'content-type': type };
      const response = await f.proxy(new Request('http://app.test/api/saasus/sign-up', { method: 'POST', headers, body: type === undefined ? null : '{"email":"a@example.com"}' }));
      expect(response.status, String(type)).toBe(415);
      expect(await response.json()).toMatchObject({ type: 'invalid_parameter' });
    }
    expect(f.upstream).toEqual([]);
  });

  it('applies the configured body size limit', async () => {
    const f = createProxyFixture({ maxBodyBytes: 32 });
    const response = await f.send('POST', '/sign-up', { body: { email: 'a-rather-long-address@example.com' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'invalid_parameter', message: expect.stringContaining('32 bytes') });
  });

  it('accepts an empty body on routes without fields', async () => {
    const f = createProxyFixture();
    const { cookie } = await f.signedInUser('empty-body@example.com');
    const response = await f.proxy(
      new Request('http://app.test/api/saasus/mfa/secret-code', { method: 'POST', headers: { cookie, 'content-type': 'application/json' } }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ secret_code: expect.stringMatching(/^[A-Z2-7]+=*$/) });
  });
});
