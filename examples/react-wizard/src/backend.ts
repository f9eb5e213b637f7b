/*
 * Everything the front end asks its back end besides the SaaSus proxy (`/api/saasus`), in one
 * place: the hosted sign-in page, the session made from its callback code, and the demo
 * mailbox. The back end is the web wizard's (`examples/web-wizard/app.ts`).
 */

/**
 * The link that starts a sign-in: the back end binds a `state` nonce to this browser and sends it
 * on to the hosted sign-in page (the emulator's, standing in for SaaSus's), which comes back to
 * `/callback` with the code and that `state`.
 */
export function signInHref(): string {
  return '/sign-in';
}

/** The callback's `code` (and `state`), once: read from the URL, which is then cleaned. */
export function takeCallback(): { code: string; state?: string } | undefined {
  if (location.pathname !== '/callback') return undefined;
  const params = new URLSearchParams(location.search);
  history.replaceState(null, '', '/' + (params.get('lang') ? `?lang=${params.get('lang')}` : ''));
  const code = params.get('code');
  if (code === null || code === '') return undefined;
  const state = params.get('state');
  callbackState = state ?? undefined;
  return state === null ? { code } : { code, state };
}

let callbackState: string | undefined;

/** Exchanges the callback code for the app's session (a cookie); answers the new user's id. */
export async function exchangeCallbackCode(code: string, signal: AbortSignal): Promise<{ userId: string }> {
  const response = await fetch('/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, ...(callbackState === undefined ? {} : { state: callbackState }) }),
    signal,
  });
  const body = (await response.json().catch(() => ({}))) as { userId?: string; type?: string; message?: string };
  if (!response.ok || body.userId === undefined) {
    throw Object.assign(new Error(body.message ?? 'The sign-in could not be completed.'), { type: body.type ?? 'invalid_callback_code' });
  }
  return { userId: body.userId };
}

/** Ends the app's session. */
export async function endSession(): Promise<void> {
  await fetch('/session', { method: 'DELETE' }).catch(() => undefined);
}

/** A mail the emulator sent (what SaaSus would e-mail). */
export interface DemoMail {
  id: string;
  template: string;
  to: string;
  code?: string;
  temporaryPassword?: string;
  sentAt: number;
}

/** The demo mailbox: the mail this browser's own requests caused, a demo affordance only (a real app has real mail). */
export async function readMailbox(): Promise<DemoMail[]> {
  const response = await fetch('/mailbox', { headers: { accept: 'application/json' } }).catch(() => undefined);
  return response?.ok ? ((await response.json()) as { messages: DemoMail[] }).messages : [];
}
