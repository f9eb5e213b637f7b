import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { createSaasUserApi } from '../../src/api/client.js';
import type { Emulator } from '../../src/emulator/index.js';
import { createSaasusProxy } from '../../src/proxy/handler.js';
import type { UserSession } from '../../src/api/flows-api.js';

/** What the web wizard's back end keeps per browser: the signed-in user, never sent to it. */
interface WizardSession extends UserSession {
  email: string;
}

const COOKIE = 'wizard_sid';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

function cookieOf(request: Request): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  return header.split(/;\s*/).find((part) => part.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
}

/**
 * The web wizard's back end as one web-standard handler: the built front end, the SaaSus proxy
 * at `/api/saasus` (signing with the emulator's keys), a cookie session made from the hosted
 * login page's callback code (`POST /session`), and the emulator's `/_emulator/*` routes (its
 * hosted login page and, as a demo affordance, its outbox).
 */
export function createWizardHandler(emulator: Emulator, distDir: string): (request: Request) => Promise<Response> {
  // The signing client runs here, on the server: the browser only ever talks to this handler.
  const api = createSaasUserApi({ baseURL: 'http://emulator.local', fetch: emulator.fetch, ...emulator.credentials });
  const sessions = new Map<string, WizardSession>();
  const proxy = createSaasusProxy({ api, authenticate: (request) => sessions.get(cookieOf(request) ?? '') ?? null });

  async function createSession(request: Request): Promise<Response> {
    const body = (await request.json().catch(() => ({}))) as { code?: unknown };
    if (typeof body.code !== 'string' || body.code === '') return json(400, { type: 'invalid_parameter', message: 'Send the callback code.' });
    try {
      const credentials = await api.getCredentials(body.code);
      // The real SaaSus answers this as GET /v1/auth/userinfo; the emulator offers the same in-process.
      const user = emulator.control.userInfo(credentials.access_token);
      const sid = globalThis.crypto.randomUUID();
      sessions.set(sid, { userId: user.id, accessToken: credentials.access_token, email: user.email });
      return json(200, { userId: user.id, email: user.email }, { 'set-cookie': `${COOKIE}=${sid}; HttpOnly; SameSite=Lax; Path=/` });
    } catch (error) {
      const e = error as { status?: number; type?: string; message?: string };
      return json(e.status && e.status >= 400 ? e.status : 400, { type: e.type ?? 'invalid_code', message: e.message ?? 'The code was not accepted.' });
    }
  }

  async function staticFile(pathname: string): Promise<Response> {
    const relative = normalize(pathname === '/' || pathname === '/callback' ? '/index.html' : pathname);
    if (relative.includes('..')) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(join(distDir, relative));
      return new Response(body, { headers: { 'content-type': TYPES[extname(relative)] ?? 'application/octet-stream' } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  }

  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith('/api/saasus/')) return proxy(request);
    if (pathname.startsWith('/_emulator/')) return emulator.fetch(request);
    if (pathname === '/session') {
      const sid = cookieOf(request) ?? '';
      if (request.method === 'POST') return createSession(request);
      if (request.method === 'DELETE') {
        sessions.delete(sid);
        return json(200, { ok: true }, { 'set-cookie': `${COOKIE}=; Max-Age=0; Path=/` });
      }
      const session = sessions.get(sid);
      return session ? json(200, { userId: session.userId, email: session.email }) : json(401, { type: 'not_signed_in', message: 'No session.' });
    }
    if (request.method !== 'GET') return new Response('Method not allowed', { status: 405 });
    return staticFile(pathname);
  };
}
