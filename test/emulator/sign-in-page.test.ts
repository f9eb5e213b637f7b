import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { PASSWORD, startFixture, type Fixture } from './support.js';

describe('emulator hosted sign-in page: redirect_uri, state, framing', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.close();
  });

  async function start(options: EmulatorOptions = {}) {
    f = await startFixture('over HTTP', options);
    await f.api.createSaasUser({ email: 'web@example.com', password: PASSWORD });
  }

  const page = (redirectUri: string, state?: string) =>
    fetch(`${f.baseURL}/_emulator/login?${new URLSearchParams({ redirect_uri: redirectUri, ...(state === undefined ? {} : { state }) })}`);
  const signIn = (redirectUri: string, state?: string) =>
    fetch(`${f.baseURL}/_emulator/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ step: 'password', email: 'web@example.com', password: PASSWORD, redirect_uri: redirectUri, ...(state === undefined ? {} : { state }) }).toString(),
    });
  const codesIssued = () => Object.keys(f.emulator.control.exportState().callbackCodes).length;

  it('refuses a foreign redirect_uri on the page and on the form, and issues no code for it', async () => {
    await start();
    for (const foreign of ['http://attacker.example/callback', 'https://localhost.attacker.example/cb', 'http://127.0.0.1.nip.io/cb']) {
      const shown = await page(foreign);
      const html = await shown.text();
      expect([shown.status, html.includes('name="password"')], foreign).toEqual([400, false]);
      expect(html).toContain('not a registered callback URL');
      const posted = await signIn(foreign);
      expect([posted.status, posted.headers.get('location')], foreign).toEqual([400, null]);
    }
    expect(codesIssued()).toBe(0);
    expect((await page('http://localhost:3000/cb#fragment')).status).toBe(400);
  });

  it('redirects to any loopback callback by default, carrying state back unchanged', async () => {
    await start();
    const state = 'n0nce/+= &?#"<>é';
    for (const callback of ['http://localhost:5173/callback', 'http://127.0.0.1:8080/a/b', 'http://[::1]:3000/cb?tab=2']) {
      const shown = await page(callback, state);
      expect(shown.status, callback).toBe(200);
      const done = await signIn(callback, state);
      expect(done.status, callback).toBe(302);
      const location = new URL(done.headers.get('location') ?? '');
      const expected = new URL(callback);
      expect([location.origin, location.pathname, location.searchParams.get('state')]).toEqual([expected.origin, expected.pathname, state]);
      expect(location.searchParams.get('code')).toMatch(/\S/);
    }
    // Without a state, none is invented.
    const bare = new URL((await signIn('http://localhost:5173/callback')).headers.get('location') ?? '');
    expect(bare.searchParams.has('state')).toBe(false);
  });

  it('with callbackUrls, accepts exactly the registered ones (a trailing * takes a path prefix) and no loopback default', async () => {
    await start({ callbackUrls: ['https://app.example.com/callback', 'http://localhost:5173/auth/*'] });
    expect((await signIn('https://app.example.com/callback', 's1')).status).toBe(302);
    expect((await signIn('http://localhost:5173/auth/done')).status).toBe(302);
    for (const refused of ['https://app.example.com/callback/x', 'http://app.example.com/callback', 'https://app.example.com:8443/callback', 'http://localhost:5173/other', 'http://localhost:3000/cb']) {
      expect((await signIn(refused)).status, refused).toBe(400);
    }
  });

  it('can never be framed', async () => {
    await start();
    const shown = await page('http://localhost:5173/callback');
    expect(shown.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(shown.headers.get('x-frame-options')).toBe('DENY');
  });

  it('shows the lockout on the page after 5 wrong passwords (429)', async () => {
    await start({ maxSignInFailures: 5 });
    const wrong = () =>
      fetch(`${f.baseURL}/_emulator/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ step: 'password', email: 'web@example.com', password: 'Nope-1234', redirect_uri: 'http://localhost:5173/cb' }).toString(),
      });
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe(401);
    const locked = await signIn('http://localhost:5173/cb');
    expect([locked.status, (await locked.text()).includes('Too many failed sign-in attempts')]).toEqual([429, true]);
  });
});

describe('createEmulator callbackUrls option', () => {
  it('refuses entries that are not absolute http(s) URLs without a fragment', () => {
    for (const bad of ['/callback', 'javascript:alert(1)', 'http://app.example.com/cb#x', '']) {
      expect(() => createEmulator({ callbackUrls: [bad] }), bad).toThrow(TypeError);
    }
  });
});
