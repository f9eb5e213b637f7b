import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWizardHandler } from '../../examples/web-wizard/app.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { NEW_PASSWORD } from './wizard-driver.js';

// The wizard's back end over HTTP requests, without a browser: what a page of another site, a
// careless client or a second visitor can reach through it.

const ORIGIN = 'http://127.0.0.1:5173';
type Handler = (request: Request) => Promise<Response>;

/** A visitor with its own cookie jar, talking to the wizard as its page would. */
class Visitor {
  readonly jar = new Map<string, string>();
  constructor(
    readonly handler: Handler,
    readonly origin = ORIGIN,
  ) {}

  async request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size > 0 && !headers.has('cookie')) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.handler(new Request(new URL(path, this.origin), { ...init, headers, ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}) }));
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      if (/Max-Age=0/i.test(cookie)) this.jar.delete(name);
      else this.jar.set(name, pair.slice(pair.indexOf('=') + 1));
    }
    return response;
  }

  /** A same-origin JSON request, as `fetch` from the wizard's page sends it. */
  send(path: string, body: unknown, method = 'POST'): Promise<Response> {
    return this.request(path, { method, headers: { origin: this.origin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async signUp(email: string): Promise<void> {
    const response = await this.send('/api/saasus/sign-up', { email });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
  }

  async mailbox(): Promise<Array<{ to: string; template: string; temporaryPassword?: string; code?: string }>> {
    const response = await this.request('/mailbox');
    expect(response.status).toBe(200);
    return ((await response.json()) as { messages: Array<{ to: string; template: string; temporaryPassword?: string }> }).messages;
  }

  /** `GET /sign-in`: the `state` nonce the back end bound to this visitor, from its redirect. */
  async startSignIn(): Promise<{ state: string; location: URL }> {
    const response = await this.request('/sign-in');
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '', this.origin);
    expect(location.pathname).toBe('/_emulator/login');
    return { state: location.searchParams.get('state') ?? '', location };
  }
}

describe('web wizard back end', () => {
  let emulator: Emulator;
  let handler: Handler;
  let n = 0;
  const email = (name: string) => `${name}-${process.pid}-${(n += 1)}@example.com`;

  beforeEach(() => {
    emulator = createEmulator();
    // No static files are read in these tests.
    handler = createWizardHandler(emulator, '/nonexistent');
  });
  afterEach(async () => {
    await emulator.close();
  });

  /** Signs `address` up in `visitor`, and signs in on the emulator: a fresh callback code. */
  async function callbackCode(visitor: Visitor, address: string): Promise<string> {
    await visitor.signUp(address);
    const temporaryPassword = (await visitor.mailbox()).find((m) => m.to === address)?.temporaryPassword ?? '';
    const first = emulator.control.signIn({ email: address, password: temporaryPassword });
    if (first.kind !== 'NEW_PASSWORD_REQUIRED') throw new Error(`unexpected ${first.kind}`);
    const done = emulator.control.respondToChallenge({ session: first.session, newPassword: NEW_PASSWORD });
    if (done.kind !== 'signedIn') throw new Error(`unexpected ${done.kind}`);
    return done.code;
  }

  describe('forwards nothing of the emulator but its sign-in page', () => {
    it('does not reach /_emulator/state, /_emulator/reset, the outbox or any other control route', async () => {
      const visitor = new Visitor(handler);
      const address = email('kept');
      await visitor.signUp(address);
      const before = JSON.stringify(emulator.control.exportState());

      const attempts: Array<[string, string]> = [
        ['GET', '/_emulator/state'],
        ['PUT', '/_emulator/state'],
        ['POST', '/_emulator/reset'],
        ['GET', '/_emulator/outbox'],
        ['GET', `/_emulator/outbox/latest?to=${encodeURIComponent(address)}`],
        ['DELETE', '/_emulator/outbox'],
        ['POST', '/_emulator/sign-in'],
        ['POST', '/_emulator/credentials'],
        ['POST', '/_emulator/clock'],
        ['GET', '/_emulator/health'],
        ['GET', '/_emulator/%73tate'],
        ['GET', '/_emulator/login/../state'],
        ['GET', '/_emulator//state'],
        ['GET', '/v1/auth/userinfo'],
      ];
      for (const [method, path] of attempts) {
        const headers: Record<string, string> = { origin: ORIGIN, 'content-type': 'application/json' };
        const response = await visitor.request(path, { method, headers, ...(method === 'GET' ? {} : { body: '{}' }) });
        const text = await response.text();
        expect([404, 405], `${method} ${path}`).toContain(response.status);
        expect(text, `${method} ${path}`).not.toMatch(/access_token|temporaryPassword|refreshTokens|"users"/);
      }
      // Nothing was reset or changed: the user is still there, with everything else.
      expect(JSON.stringify(emulator.control.exportState())).toBe(before);
      expect(Object.values(emulator.control.exportState().users).some((u) => u.email === address)).toBe(true);
    });

    it('shows the sign-in page only for the visitor’s own pending sign-in, always returning to the wizard', async () => {
      const visitor = new Visitor(handler);
      // No pending sign-in (or a made-up state): back to /sign-in, which starts one.
      const stray = await visitor.request('/_emulator/login?redirect_uri=http%3A%2F%2Fevil.example%2Fcb&state=made-up');
      expect(stray.status).toBe(303);
      expect(stray.headers.get('location')).toBe('/sign-in');

      const { state } = await visitor.startSignIn();
      const page = await visitor.request(`/_emulator/login?redirect_uri=${encodeURIComponent('http://evil.example/cb')}&state=${state}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`value="${ORIGIN}/callback"`);
      expect(html).not.toContain('evil.example');
      expect(html).toContain(`value="${state}"`);
    });

    it('carries the hosted sign-in through to /callback with the same state, and refuses foreign or stray forms', async () => {
      const visitor = new Visitor(handler);
      const address = email('hosted');
      await visitor.signUp(address);
      const temporaryPassword = (await visitor.mailbox())[0]?.temporaryPassword ?? '';
      const { state, location } = await visitor.startSignIn();
      expect((await visitor.request(location.pathname + location.search)).status).toBe(200);

      const form = (fields: Record<string, string>, origin = ORIGIN) =>
        visitor.request('/_emulator/login', {
          method: 'POST',
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ redirect_uri: `${ORIGIN}/callback`, state, ...fields }).toString(),
        });
      expect((await form({ step: 'password', email: address, password: temporaryPassword }, 'http://evil.example')).status).toBe(403);
      expect((await form({ step: 'password', email: address, password: temporaryPassword, redirect_uri: 'http://127.0.0.1:9/x' })).status).toBe(400);
      expect((await form({ step: 'password', email: address, password: temporaryPassword, state: 'another' })).status).toBe(400);

      const challenge = await form({ step: 'password', email: address, password: temporaryPassword });
      expect(challenge.status).toBe(200);
      const session = /name="session" value="([^"]+)"/.exec(await challenge.text())?.[1] ?? '';
      expect(session).not.toBe('');
      const back = await form({ step: 'new-password', session, newPassword: NEW_PASSWORD });
      expect(back.status).toBe(302);
      const callback = new URL(back.headers.get('location') ?? '');
      expect(callback.origin + callback.pathname).toBe(`${ORIGIN}/callback`);
      expect(callback.searchParams.get('state')).toBe(state);

      const signedIn = await visitor.send('/session', { code: callback.searchParams.get('code'), state });
      expect(signedIn.status).toBe(200);
      expect(await signedIn.json()).toMatchObject({ email: address });
    });
  });

  describe('demo mailbox', () => {
    it('shows each visitor only the mail its own requests caused', async () => {
      const ann = new Visitor(handler);
      const bob = new Visitor(handler);
      const annAddress = email('ann');
      const bobAddress = email('bob');
      await ann.signUp(annAddress);
      await bob.signUp(bobAddress);

      const annMail = await ann.mailbox();
      const bobMail = await bob.mailbox();
      expect(annMail.map((m) => [m.to, m.template])).toEqual([[annAddress, 'signUp']]);
      expect(annMail[0]?.temporaryPassword).toMatch(/\S{8,}/);
      expect(bobMail.map((m) => m.to)).toEqual([bobAddress]);
      expect(await new Visitor(handler).mailbox()).toEqual([]);

      // Bob cannot pull Ann's mail into his mailbox: signing her address up again answers like a
      // sign-up (the proxy does not tell who has an account) but sends nothing, and a resend for
      // an address he did not sign up is refused before anything is sent.
      const again = await bob.send('/api/saasus/sign-up', { email: annAddress });
      expect(again.status).toBe(201);
      const resend = await bob.send('/api/saasus/sign-up/resend', { email: annAddress });
      expect(resend.status).toBe(403);
      expect(await resend.json()).toMatchObject({ type: 'resend_not_allowed' });
      expect(emulator.control.outbox({ to: annAddress })).toHaveLength(1);
      expect((await bob.mailbox()).map((m) => m.to)).toEqual([bobAddress]);

      // Ann's own resend (once the wait is over) lands in her mailbox, not in Bob's.
      emulator.control.clock.advance(10 * 60_000);
      const own = await ann.send('/api/saasus/sign-up/resend', { email: annAddress });
      expect(own.status, await own.clone().text()).toBeLessThan(300);
      expect((await ann.mailbox()).map((m) => m.template)).toEqual(['signUp', 'resendCode']);
      expect((await bob.mailbox()).map((m) => m.to)).toEqual([bobAddress]);
    });
  });

  describe('POST /session', () => {
    it('refuses text/plain, a foreign or missing Origin, a missing or mismatched state and a 17 KiB body; then takes the valid one', async () => {
      const ann = new Visitor(handler);
      const mallory = new Visitor(handler);
      const address = email('csrf');
      const code = await callbackCode(ann, address);
      const { state } = await ann.startSignIn();
      const { state: malloryState } = await mallory.startSignIn();
      const body = JSON.stringify({ code, state });
      const post = (headers: Record<string, string>, payload: BodyInit = body) => ann.request('/session', { method: 'POST', headers, body: payload });
      const refusal = async (response: Response) => ({ status: response.status, type: ((await response.json()) as { type: string }).type });

      // A cross-site form or beacon: text/plain.
      expect(await refusal(await post({ origin: ORIGIN, 'content-type': 'text/plain' }))).toEqual({ status: 415, type: 'unsupported_media_type' });
      expect(await refusal(await post({ origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }))).toEqual({ status: 415, type: 'unsupported_media_type' });
      // Another site's page, or a request with no Origin at all.
      expect(await refusal(await post({ origin: 'http://evil.example', 'content-type': 'application/json' }))).toEqual({ status: 403, type: 'cross_site_request' });
      expect(await refusal(await post({ origin: 'null', 'content-type': 'application/json' }))).toEqual({ status: 403, type: 'cross_site_request' });
      expect(await refusal(await post({ 'content-type': 'application/json' }))).toEqual({ status: 403, type: 'cross_site_request' });
      expect(
        await refusal(await post({ origin: ORIGIN, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' })),
      ).toEqual({ status: 403, type: 'cross_site_request' });
      // The state: missing, wrong, or another browser's.
      const json = { origin: ORIGIN, 'content-type': 'application/json' };
      expect(await refusal(await post(json, JSON.stringify({ code })))).toEqual({ status: 403, type: 'invalid_state' });
      expect(await refusal(await post(json, JSON.stringify({ code, state: `${state.slice(0, -1)}x` })))).toEqual({ status: 403, type: 'invalid_state' });
      expect(await refusal(await post(json, JSON.stringify({ code, state: malloryState })))).toEqual({ status: 403, type: 'invalid_state' });
      expect(await refusal(await mallory.send('/session', { code, state }))).toEqual({ status: 403, type: 'invalid_state' });
      // 17 KiB of JSON.
      const big = JSON.stringify({ code, state, padding: 'x'.repeat(17 * 1024) });
      expect(await refusal(await post(json, big))).toEqual({ status: 413, type: 'payload_too_large' });

      // None of that used up the code or the state: the real callback signs Ann in.
      const ok = await post(json);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ email: address });
      expect(ok.headers.get('set-cookie')).toMatch(/^wizard_sid=[\w-]{20,}; Path=\/; HttpOnly; SameSite=Lax$/);
      const me = await ann.request('/session');
      expect(await me.json()).toMatchObject({ email: address });
      // The state is single-use.
      expect(await refusal(await post(json))).toEqual({ status: 403, type: 'invalid_state' });
    });

    it('stops reading a streamed body without Content-Length as soon as it passes 16 KiB', async () => {
      const visitor = new Visitor(handler);
      await visitor.startSignIn();
      let pulled = 0;
      const chunk = new Uint8Array(4096).fill(0x20);
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += chunk.byteLength;
          if (pulled > 64 * 1024 * 1024) controller.close();
          else controller.enqueue(chunk);
        },
      });
      const response = await visitor.request('/session', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: endless });
      expect(response.status).toBe(413);
      expect(pulled).toBeLessThanOrEqual(16 * 1024 + 3 * chunk.byteLength);
    });

    it('refuses a declared Content-Length over 16 KiB without reading the body', async () => {
      const visitor = new Visitor(handler);
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          controller.enqueue(new Uint8Array(1024));
        },
      });
      const response = await visitor.request('/session', {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json', 'content-length': String(48 * 1024 * 1024) },
        body,
      });
      expect(response.status).toBe(413);
      expect(pulled).toBeLessThanOrEqual(1);
    });
  });

  describe('cookies', () => {
    it('are HttpOnly and SameSite=Lax, and Secure when the wizard is served over https', async () => {
      const plain = await new Visitor(handler).request('/sign-in');
      expect(plain.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax$/);
      expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);

      const proxied = await new Visitor(handler).request('/sign-in', { headers: { 'x-forwarded-proto': 'https' } });
      expect(proxied.headers.get('set-cookie')).toMatch(/; Secure$/);
      expect(proxied.headers.get('location')).toContain(encodeURIComponent('https://127.0.0.1:5173/callback'));

      const direct = await new Visitor(handler, 'https://wizard.example').request('/sign-in');
      expect(direct.headers.get('set-cookie')).toMatch(/; Secure$/);
    });
  });
});
