import type { Emulator } from 'saasus-flows/emulator';
import { fail, hasContentType, ownOrigin, readBounded, refuseCrossSite } from './http.js';
import type { BrowserSession } from './sessions.js';

/** Where the in-process emulator is addressed: a loopback name, as its sign-in page requires. */
export const EMULATOR_ORIGIN = 'http://localhost';
/** The emulator's hosted sign-in page, shown on the wizard's origin at the same path. */
export const SIGN_IN_PAGE = '/_emulator/login';
/** How long a sign-in may take between the redirect and the return to `/callback`. */
const SIGN_IN_TTL_MS = 15 * 60_000;

/** The wizard's callback URL, where the sign-in page sends the browser back with `code` and `state`. */
export function callbackUrl(request: Request): string {
  return `${ownOrigin(request)}/callback`;
}

/** `GET /sign-in`: a fresh `state` nonce for this browser, then the hosted sign-in page. */
export function startSignIn(request: Request, session: BrowserSession, newState: () => string): Response {
  const state = newState();
  session.signIn = { state, expiresAt: Date.now() + SIGN_IN_TTL_MS };
  const target = new URL(SIGN_IN_PAGE, ownOrigin(request));
  target.searchParams.set('redirect_uri', callbackUrl(request));
  target.searchParams.set('state', state);
  return new Response(null, { status: 303, headers: { location: target.pathname + target.search, 'cache-control': 'no-store' } });
}

/** The `state` the browser was given for its current sign-in, while it is fresh. */
export function pendingState(session: BrowserSession | undefined): string | undefined {
  const signIn = session?.signIn;
  return signIn !== undefined && signIn.expiresAt > Date.now() ? signIn.state : undefined;
}

/** Copies the emulator's answer without anything of the emulator's own origin that the browser does not need. */
function relay(answer: Response): Response {
  const headers = new Headers();
  for (const name of ['content-type', 'cache-control', 'content-security-policy', 'location', 'x-frame-options', 'x-content-type-options']) {
    const value = answer.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return new Response(answer.body, { status: answer.status, headers });
}

/**
 * Forwards the hosted sign-in page, and nothing else of the emulator. `GET` shows it for this
 * browser's own pending sign-in only (the redirect URI is always the wizard's callback);
 * `POST` (its form) must come from the wizard's page, as a form of at most 16 KiB naming the
 * wizard's callback and this browser's pending `state`. The request to the emulator is built
 * afresh, to the emulator's own loopback address, with no cookie and no `Origin` of the browser's.
 */
export async function forwardSignInPage(request: Request, session: BrowserSession | undefined, emulator: Emulator): Promise<Response> {
  const target = new URL(SIGN_IN_PAGE, EMULATOR_ORIGIN);
  const state = pendingState(session);
  if (request.method === 'GET') {
    if (state === undefined || new URL(request.url).searchParams.get('state') !== state) {
      // A stale or foreign link: start a sign-in of this browser's own.
      return new Response(null, { status: 303, headers: { location: '/sign-in', 'cache-control': 'no-store' } });
    }
    target.searchParams.set('redirect_uri', callbackUrl(request));
    target.searchParams.set('state', state);
    return relay(await emulator.fetch(new Request(target, { headers: { accept: 'text/html' } })));
  }
  if (request.method !== 'POST') return fail(405, 'method_not_allowed', 'Use GET or POST.');
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  if (!hasContentType(request, 'application/x-www-form-urlencoded')) return fail(415, 'unsupported_media_type', 'Post the sign-in form.');
  const body = await readBounded(request);
  if (body === undefined) return fail(413, 'payload_too_large', 'The form is larger than 16 KiB.');
  const form = new URLSearchParams(new TextDecoder().decode(body));
  if (form.get('redirect_uri') !== callbackUrl(request) || state === undefined || form.get('state') !== state) {
    return fail(400, 'invalid_parameter', 'This sign-in form is not this browser’s current sign-in; start again from the wizard.');
  }
  return relay(
    await emulator.fetch(
      new Request(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body }),
    ),
  );
}
