import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import { otpauthUri, qrDataUrl } from '../../../src/mfa/index.js';
import { busy, button, errorLine, fieldForm, h } from './dom.js';
import type { flows } from './flows.js';

type SignUpActor = ActorRefFrom<typeof flows.signUp>;
type MfaActor = ActorRefFrom<typeof flows.mfaSetup>;
type EmailActor = ActorRefFrom<typeof flows.emailUpdate>;

function when(epochMs: number | undefined): string {
  return epochMs === undefined ? 'now' : new Date(epochMs).toLocaleString();
}

function resendLine(context: { resendAvailableAt?: number; resendQueued: boolean }, send: () => void): HTMLElement {
  const note = context.resendQueued ? 'Resend queued; it goes out when the wait is over.' : `Resend possible from ${when(context.resendAvailableAt)}.`;
  return h('p', {}, button('Send again', 'resend', send), h('small', {}, note));
}

/** The callback URL the hosted sign-in page redirects to. */
export function callbackUrl(): string {
  return new URL('/callback', location.origin).href;
}

/** Sign-up: e-mail, then confirmation on the emulator's hosted sign-in page. */
export function signUpView(actor: SignUpActor, snapshot: SnapshotFrom<typeof flows.signUp>): Array<Node | string> {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  if (snapshot.matches('enteringEmail')) {
    return [
      h('p', {}, 'Create your account. We mail you a temporary password.'),
      errorLine(context.error) ?? '',
      fieldForm({ name: 'email', label: 'E-mail', type: 'email', button: 'Sign up', value: context.email, submit: (email) => send({ type: 'email.submit', email }) }),
      context.error?.retryable ? button('Try again', 'retry', () => send({ type: 'flow.retry' })) : '',
    ];
  }
  if (snapshot.matches('awaitingConfirmation')) {
    const login = `/_emulator/login?redirect_uri=${encodeURIComponent(callbackUrl())}`;
    return [
      h('p', {}, `We sent a temporary password to ${context.email}. Sign in with it once and choose your own password to confirm the account.`),
      errorLine(context.error) ?? '',
      h('p', {}, h('a', { href: login, 'data-action': 'open-sign-in' }, 'Open the sign-in page')),
      resendLine(context, () => send({ type: 'code.resend' })),
      button('Use another address', 'change-email', () => send({ type: 'email.change' })),
    ];
  }
  if (snapshot.hasTag('busy')) return [busy(snapshot.matches('confirming') ? 'Signing you in…' : 'Sending…')];
  return [h('p', {}, snapshot.matches('confirmed') ? 'Account confirmed.' : 'Sign-up cancelled.')];
}

/** Draws the QR of the otpauth URI into `img` (qrcode is loaded on demand). */
function qrImage(uri: string): HTMLImageElement {
  const img = h('img', { class: 'qr', alt: uri, 'data-otpauth': uri, width: 200, height: 200 });
  void qrDataUrl(uri, { width: 200, margin: 2 }).then((url) => {
    img.src = url;
    img.dataset.ready = 'true';
  });
  return img;
}

/** MFA: the secret as QR and text, then the authenticator's code. */
export function mfaView(actor: MfaActor, snapshot: SnapshotFrom<typeof flows.mfaSetup>): Array<Node | string> {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  const codeForm = fieldForm({ name: 'code', label: '6-digit code from the app', button: 'Verify', submit: (code) => send({ type: 'code.submit', code }) });
  const restart = button('New secret', 'restart', () => send({ type: 'enrollment.restart' }));
  if (snapshot.matches('showingSecret') && context.secret !== undefined) {
    const uri = otpauthUri({ secret: context.secret, accountName: context.accountName, ...(context.issuer ? { issuer: context.issuer } : {}) });
    return [
      h('p', {}, 'Scan this with your authenticator app, then enter the code it shows.'),
      qrImage(uri),
      h('p', {}, 'Or type the key: ', h('code', { 'data-secret': true }, context.secret)),
      errorLine(context.error) ?? '',
      codeForm,
      restart,
    ];
  }
  if (snapshot.matches('enteringCode')) return [errorLine(context.error) ?? '', codeForm, restart];
  if (snapshot.matches('offeringDisable')) {
    return [h('p', {}, 'Two-step sign-in is already on.'), button('Turn it off', 'disable', () => send({ type: 'mfa.disable' })), button('Skip', 'skip', () => send({ type: 'flow.cancel' }))];
  }
  if (snapshot.hasTag('error')) {
    return [errorLine(context.error) ?? '', context.error?.retryable ? button('Try again', 'retry', () => send({ type: 'flow.retry' })) : '', restart];
  }
  if (snapshot.hasTag('busy')) return [busy('Talking to the server…')];
  return [h('p', {}, `Two-step sign-in: ${String(snapshot.value)}.`)];
}

/** E-mail change: new address, then the code mailed to it. */
export function emailView(actor: EmailActor, snapshot: SnapshotFrom<typeof flows.emailUpdate>): Array<Node | string> {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  if (snapshot.matches('enteringEmail')) {
    return [
      h('p', {}, 'Change the address of your account.'),
      errorLine(context.error) ?? '',
      fieldForm({ name: 'email', label: 'New e-mail', type: 'email', button: 'Send code', value: context.email, submit: (email) => send({ type: 'email.submit', email }) }),
    ];
  }
  if (snapshot.matches('enteringCode')) {
    return [
      h('p', {}, `We mailed a code to ${context.email}; it works until ${when(context.codeExpiresAt)}.`),
      errorLine(context.error) ?? '',
      fieldForm({ name: 'code', label: 'Code', button: 'Confirm', submit: (code) => send({ type: 'code.submit', code }) }),
      resendLine(context, () => send({ type: 'code.resend' })),
      button('Use another address', 'change-email', () => send({ type: 'email.change' })),
    ];
  }
  if (snapshot.matches('codeExpired')) {
    return [errorLine(context.error) ?? '', button('Send a new code', 'resend', () => send({ type: 'code.resend' })), button('Use another address', 'change-email', () => send({ type: 'email.change' }))];
  }
  if (snapshot.hasTag('busy')) return [busy('Talking to the server…')];
  return [h('p', {}, snapshot.matches('updated') ? `Your address is now ${context.email}.` : 'E-mail change cancelled.')];
}
