import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { createSaasusProxy } from 'saasus-flows/proxy';
import { createSaasUserApi, isApiError } from 'saasus-flows/api';
import type { Emulator } from 'saasus-flows/emulator';
import { DemoMail } from './backend/demo-mail.js';
import { fail, hasContentType, json, randomToken, readBounded, refuseCrossSite, sameSecret } from './backend/http.js';
import { BrowserSessions, type SignedInUser } from './backend/sessions.js';
import { EMULATOR_ORIGIN, forwardSignInPage, pendingState, SIGN_IN_PAGE, startSignIn } from './backend/sign-in-page.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The page may load its own scripts and styles, and the QR code as a `data:` image; nothing may frame it. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The web wizard's back end as one web-standard handler. The browser reaches only:
 * - the built front end (`/`, `/callback`, `/assets/*`);
 * - the SaaSus proxy at `/api/saasus` (signing happens here, with the emulator's keys);
 * - `GET /sign-in`, which starts a sign-in with a `state` nonce bound to this browser, and the
 *   emulator's hosted sign-in page it leads to (`/_emulator/login`, forwarded for that sign-in only);
 * - `POST /session` (callback code + `state` → cookie session), `GET`/`DELETE /session`;
 * - `GET /mailbox`, the demo mailbox: the mail this browser's own requests caused.
 * Every other path of the emulator (`/_emulator/state`, `/_emulator/reset`, the outbox, …) is
 * not forwarded. Requests that change something must come from the wizard's own page.
 */
export function createWizardHandler(emulator: Emulator, distDir: string): (request: Request) => Promise<Response> {
  // The signing client runs here, on the server: the browser only ever talks to this handler.
  const api = createSaasUserApi({ baseURL: EMULATOR_ORIGIN, fetch: emulator.fetch, ...emulator.credentials });
  const sessions = new BrowserSessions();
  const mail = new DemoMail(emulator);
  const proxy = createSaasusProxy({ api: mail.watch(api), authenticate: (request) => sessions.find(request)?.user ?? null });

  /**
   * Who the tokens belong to. SaaSus's `GET /v1/auth/userinfo?token=` takes the ID token; the
   * emulator runs in-process here, so the back end asks its control object, which answers alike.
   */
  function userInfo(user: Pick<SignedInUser, 'idToken'>): { id: string; email: string } {
    return emulator.control.userInfo(user.idToken);
  }

  /** `POST /session`: `{ code, state }` from the callback → a cookie session (JSON, same-origin, ≤ 16 KiB). */
  async function createSession(request: Request): Promise<Response> {
    if (!hasContentType(request, 'application/json')) return fail(415, 'unsupported_media_type', 'Send the callback as application/json.');
    const raw = await readBounded(request);
    if (raw === undefined) return fail(413, 'payload_too_large', 'The request body is larger than 16 KiB.');
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      return fail(400, 'invalid_parameter', 'The body is not JSON.');
    }
    const { code, state } = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; state?: unknown };
    if (typeof code !== 'string' || code === '' || code.length > 512) return fail(400, 'invalid_parameter', 'Send the callback code.');
    const session = sessions.find(request);
    const expected = pendingState(session);
    if (session === undefined || expected === undefined || typeof state !== 'string' || !sameSecret(state, expected)) {
      return fail(403, 'invalid_state', 'This sign-in did not start in this browser, or it is too old. Open the sign-in page again.');
    }
    // The nonce is used up: a second callback with it is refused.
    delete session.signIn;
    try {
      const credentials = await api.getCredentials(code);
      const tokens = { idToken: credentials.id_token, accessToken: credentials.access_token };
      const user = userInfo(tokens);
      session.user = { userId: user.id, email: user.email, ...tokens };
      const cookie = sessions.rotate(request, session);
      return json(200, { userId: user.id, email: user.email }, { 'set-cookie': cookie });
    } catch (error) {
      if (isApiError(error) && error.kind === 'http') return json(error.status, error.toBody());
      return fail(502, 'sign_in_failed', 'The sign-in could not be completed. Try again.');
    }
  }

  /** `GET /session`: the signed-in user as SaaSus's userinfo knows them now (the address may have changed). */
  function currentUser(request: Request): Response {
    const session = sessions.find(request);
    if (session?.user === undefined) return fail(401, 'not_signed_in', 'Nobody is signed in.');
    try {
      const user = userInfo(session.user);
      session.user.email = user.email;
      return json(200, { userId: user.id, email: user.email });
    } catch {
      delete session.user;
      return fail(401, 'not_signed_in', 'The sign-in has expired.');
    }
  }

  async function staticFile(pathname: string): Promise<Response> {
    const relative = normalize(pathname === '/' || pathname === '/callback' ? '/index.html' : pathname);
    if (relative.includes('..') || !/^\/(index\.html|assets\/[\w.-]+)$/.test(relative)) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(join(distDir, relative));
      return new Response(body, { headers: { 'content-type': TYPES[extname(relative)] ?? 'application/octet-stream', ...PAGE_HEADERS } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  }

  return async (request) => {
    const { pathname } = new URL(request.url);
    // Nothing that changes state is accepted from a page of another site (login CSRF and the like).
    if (!SAFE_METHODS.has(request.method)) {
      const refused = refuseCrossSite(request);
      if (refused) return refused;
    }
    if (pathname.startsWith('/api/saasus/')) {
      const { session, cookie } = sessions.open(request);
      const response = await mail.run(session, () => proxy(request));
      if (cookie !== undefined) response.headers.append('set-cookie', cookie);
      return response;
    }
    if (pathname === SIGN_IN_PAGE) return forwardSignInPage(request, sessions.find(request), emulator);
    if (pathname.startsWith('/_emulator/')) return fail(404, 'not_found', 'No such route.');
    if (pathname === '/sign-in' && request.method === 'GET') {
      const { session, cookie } = sessions.open(request);
      const response = startSignIn(request, session, randomToken);
      if (cookie !== undefined) response.headers.append('set-cookie', cookie);
      return response;
    }
    if (pathname === '/mailbox' && request.method === 'GET') return json(200, { messages: mail.messagesOf(sessions.find(request)) });
    if (pathname === '/session') {
      if (request.method === 'POST') return createSession(request);
      if (request.method === 'GET') return currentUser(request);
      if (request.method === 'DELETE') return json(200, { ok: true }, { 'set-cookie': sessions.end(request, sessions.find(request)) });
      return fail(405, 'method_not_allowed', 'Use GET, POST or DELETE.');
    }
    if (request.method !== 'GET') return fail(405, 'method_not_allowed', 'Use GET.');
    return staticFile(pathname);
  };
}
