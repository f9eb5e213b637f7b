import { HTTPResponse, type H3Event } from 'h3';
import type { EmulatorConfig } from './config.js';
import { CONTROL_PREFIX } from './routes-control.js';
import { EmulatorError } from './errors.js';
import { headOf, readBody } from './http.js';
import { assertLocalRequest, isLoopbackHost } from './local-only.js';
import type { RouteDeps, RouteHandler, RouteTable } from './route-table.js';
import type { EmulatorControl, SignInResult } from './types.js';

const LOGIN = `${CONTROL_PREFIX}/login`;

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string, status = 200): HTTPResponse {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · SaaSus emulator</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.6rem 0}
input{display:block;width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:.8rem;padding:.4rem 1rem}.error{color:#b00020}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return new HTTPResponse(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      // Not no-referrer: Chromium then sends `Origin: null` with the form, which the Origin check refuses.
      'referrer-policy': 'same-origin',
    },
  });
}

function hidden(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

function form(step: string, carry: Record<string, string>, inputs: string, button: string): string {
  return `<form method="post" action="${LOGIN}">${hidden({ step, ...carry })}${inputs}<button type="submit">${escapeHtml(button)}</button></form>`;
}

function errorLine(message: string | undefined): string {
  return message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';
}

function passwordForm(carry: Record<string, string>, error?: string, status = 200): HTTPResponse {
  const signIn = form(
    'password',
    carry,
    '<label>E-mail <input type="email" name="email" autocomplete="username" required></label>' +
      '<label>Password <input type="password" name="password" autocomplete="current-password" required></label>',
    'Sign in',
  );
  const google = form('google', carry, '<label>Google account e-mail <input type="email" name="email" required></label>', 'Sign in with Google (emulated)');
  return page('Sign in', `${errorLine(error)}${signIn}<hr>${google}`, status);
}

/**
 * Whether `url` is a registered callback: same origin and path as a `callbackUrls` entry (an
 * entry path ending in `*` takes any path under it), or, by default, any loopback origin.
 */
function isRegisteredCallback(config: EmulatorConfig, url: URL): boolean {
  if (config.callbackUrls === undefined) return isLoopbackHost(url.hostname);
  return config.callbackUrls.some((entry) => {
    if (entry.origin !== url.origin) return false;
    return entry.pathname.endsWith('*') ? url.pathname.startsWith(entry.pathname.slice(0, -1)) : url.pathname === entry.pathname;
  });
}

/**
 * The redirect target: an absolute http(s) URL without a fragment that is a registered callback,
 * or a message saying why not (never redirect a sign-in's code to a foreign origin).
 */
function redirectUri(config: EmulatorConfig, value: string | null): { uri: string } | { problem: string } {
  if (!value) return { problem: 'Add ?redirect_uri=<absolute http(s) URL of your callback>.' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'The redirect_uri must be an absolute http(s) URL.' };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash !== '') {
    return { problem: 'The redirect_uri must be an absolute http(s) URL without a #fragment.' };
  }
  if (!isRegisteredCallback(config, url)) return { problem: 'The redirect_uri is not a registered callback URL of this emulator.' };
  return { uri: url.href };
}

function challengePage(kind: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA', carry: Record<string, string>, error?: string, status = 200): HTTPResponse {
  if (kind === 'NEW_PASSWORD_REQUIRED') {
    const inputs = '<label>New password <input type="password" name="newPassword" autocomplete="new-password" required></label>';
    return page('Set a new password', errorLine(error) + form('new-password', carry, inputs, 'Set password'), status);
  }
  const inputs =
    '<label>6-digit code <input name="totpCode" inputmode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code" required></label>';
  return page('Authenticator code', errorLine(error) + form('totp', carry, inputs, 'Verify'), status);
}

function next(result: SignInResult, carry: Record<string, string>): HTTPResponse {
  if (result.kind !== 'signedIn') return challengePage(result.kind, { ...carry, session: result.session });
  const target = new URL(carry.redirect_uri ?? '');
  target.searchParams.set('code', result.code);
  if (carry.state) target.searchParams.set('state', carry.state);
  return new HTTPResponse(null, { status: 302, headers: { location: target.href, 'cache-control': 'no-store' } });
}

async function submit(event: H3Event, deps: RouteDeps, control: EmulatorControl): Promise<HTTPResponse> {
  const type = event.req.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    throw new EmulatorError('unsupported_media_type', 'Post the form as application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(new TextDecoder().decode(await readBody(event, deps.config.maxBodyBytes)));
  const target = redirectUri(deps.config, form.get('redirect_uri'));
  if ('problem' in target) return page('Sign in', errorLine(target.problem), 400);
  const state = form.get('state');
  const carry: Record<string, string> = { redirect_uri: target.uri, ...(state ? { state } : {}) };
  const field = (name: string) => form.get(name) ?? '';
  try {
    const step = form.get('step');
    let result: SignInResult;
    if (step === 'password') result = control.signIn({ email: field('email'), password: field('password') });
    else if (step === 'google') result = control.signInWithGoogle({ email: field('email') });
    else if (step === 'new-password') result = control.respondToChallenge({ session: field('session'), newPassword: field('newPassword') });
    else if (step === 'totp') result = control.respondToChallenge({ session: field('session'), totpCode: field('totpCode') });
    else return passwordForm(carry, 'Unknown step; start again.', 400);
    await deps.flush();
    return next(result, carry);
  } catch (error) {
    if (!(error instanceof EmulatorError)) throw error;
    await deps.flush();
    const session = field('session');
    // A wrong TOTP code or a weak new password keeps the user on the same challenge.
    if (session && error.type === 'code_mismatch' && error.data?.attempts_left !== 0) {
      return challengePage('SOFTWARE_TOKEN_MFA', { ...carry, session }, error.message, 400);
    }
    if (session && error.type === 'invalid_password') return challengePage('NEW_PASSWORD_REQUIRED', { ...carry, session }, error.message, 400);
    return passwordForm(carry, error.message, error.status);
  }
}

/**
 * A hosted sign-in page like SaaSus's: `GET /_emulator/login?redirect_uri=…[&state=…]` shows
 * plain HTML forms (password, then a new password or a TOTP code when challenged) and ends
 * with a 302 to `redirect_uri?code=<callback code>[&state=…]`, `state` carried back unchanged.
 * No JavaScript; never framed; `redirect_uri` must be a registered callback URL; only local,
 * same-origin requests (Host and Origin checked as for the control surface).
 */
export function registerLoginPage(table: RouteTable, deps: RouteDeps, control: EmulatorControl): void {
  const show: RouteHandler = (event) => {
    assertLocalRequest(event, false);
    const q = new URL(event.req.url).searchParams;
    const target = redirectUri(deps.config, q.get('redirect_uri'));
    if ('problem' in target) return page('Sign in', errorLine(target.problem), 400);
    const state = q.get('state');
    return passwordForm({ redirect_uri: target.uri, ...(state ? { state } : {}) });
  };
  table.add('GET', LOGIN, show);
  table.add('HEAD', LOGIN, headOf(show));
  table.add('POST', LOGIN, (event) => {
    assertLocalRequest(event, false);
    return submit(event, deps, control);
  });
}
