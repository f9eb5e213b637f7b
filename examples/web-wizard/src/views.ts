import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import { otpauthUri, qrDataUrl } from 'saasus-flows/mfa';
import { busy, button, countdown, duration, errorLine, fieldForm, h } from './dom.js';
import type { flows } from './flows.js';

type SignUpActor = ActorRefFrom<typeof flows.signUp>;
type MfaActor = ActorRefFrom<typeof flows.mfaSetup>;
type EmailActor = ActorRefFrom<typeof flows.emailUpdate>;

/** What a view draws into the step's section. */
export type ViewParts = Array<Node | string>;

/**
 * "Send again", or while the server's wait lasts a disabled button with a live "Resend in 42 s";
 * at zero the view is drawn again with the button enabled.
 */
function resendLine(context: { resendAvailableAt?: number; resendQueued: boolean }, send: () => void, redraw: () => void): HTMLElement {
  const until = context.resendAvailableAt;
  if (until === undefined || until <= Date.now()) return h('p', {}, button('Send again', 'resend', send));
  const text = context.resendQueued ? (left: string) => `Sending again in ${left}` : (left: string) => `Resend in ${left}`;
  return h('p', {}, h('button', { type: 'button', name: 'resend', disabled: true }, countdown(until, text, redraw)));
}

/** "It works for the next 24 h." for a deadline, or nothing without one. */
function validFor(what: string, until: number | undefined): string {
  return until === undefined ? '' : ` ${what} works for the next ${duration(until - Date.now())}.`;
}

/** Sign-up: e-mail, then confirmation on the emulator's hosted sign-in page. */
export function signUpView(actor: SignUpActor, snapshot: SnapshotFrom<typeof flows.signUp>, redraw: () => void): ViewParts {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  if (snapshot.matches('enteringEmail')) {
    return [
      h('p', {}, 'Create your account. We mail you a temporary password.'),
      fieldForm({
        name: 'email',
        label: 'E-mail',
        type: 'email',
        autocomplete: 'email',
        button: 'Sign up',
        value: context.email,
        error: context.error,
        submit: (email) => send({ type: 'email.submit', email }),
      }),
      context.error?.retryable ? button('Try again', 'retry', () => send({ type: 'flow.retry' })) : '',
    ];
  }
  if (snapshot.matches('awaitingConfirmation')) {
    return [
      h('p', {}, `We sent a temporary password to ${context.email}.${validFor('It', context.codeExpiresAt)}`),
      h('p', {}, 'Sign in with it once and choose your own password to confirm the account.'),
      errorLine(context.error) ?? '',
      // The back end starts the sign-in: it binds a `state` nonce to this browser first.
      h('p', {}, h('a', { href: '/sign-in', 'data-action': 'open-sign-in' }, 'Open the sign-in page')),
      resendLine(context, () => send({ type: 'code.resend' }), redraw),
      button('Use another address', 'change-email', () => send({ type: 'email.change' })),
    ];
  }
  if (snapshot.hasTag('busy')) return [busy(snapshot.matches('confirming') ? 'Signing you in…' : 'Sending…')];
  return [h('p', {}, snapshot.matches('confirmed') ? 'Account confirmed.' : 'Sign-up cancelled.')];
}

/** The QR of the otpauth URI (qrcode is loaded on demand); `alt` and `data-otpauth` carry the URI. */
function qrImage(uri: string): HTMLImageElement {
  const img = h('img', { class: 'qr', alt: uri, 'data-otpauth': uri, width: 200, height: 200 });
  void qrDataUrl(uri, { width: 200, margin: 2 }).then((url) => {
    img.src = url;
    img.dataset.ready = 'true';
  });
  return img;
}

/**
 * The key of the current enrollment, as last shown on this page. The machine forgets its secret
 * once a code is submitted (it is never persisted); the page keeps showing it until the
 * enrollment ends or a new key is asked for, so a wrong code does not take the QR away.
 */
let shownKey: { secret: string; uri: string } | undefined;

function keyParts(key: { secret: string; uri: string }): ViewParts {
  return [
    h('p', {}, 'Scan this with your authenticator app, then enter the code it shows.'),
    qrImage(key.uri),
    h('p', {}, 'Or type the key: ', h('code', { 'data-secret': true }, key.secret)),
  ];
}

/** MFA: the secret as QR and text, then the authenticator's code; the QR stays after a wrong code. */
export function mfaView(actor: MfaActor, snapshot: SnapshotFrom<typeof flows.mfaSetup>): ViewParts {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  const restart = button('Use a new key', 'restart', () => send({ type: 'enrollment.restart' }));
  if (snapshot.matches('showingSecret') && context.secret !== undefined) {
    const uri = otpauthUri({ secret: context.secret, accountName: context.accountName, ...(context.issuer ? { issuer: context.issuer } : {}) });
    shownKey = { secret: context.secret, uri };
  } else if (!snapshot.matches('enteringCode') && !snapshot.matches('updatingSoftwareToken')) {
    shownKey = undefined;
  }
  const key = shownKey === undefined ? [h('p', {}, 'Enter the code your authenticator app shows.')] : keyParts(shownKey);
  if (snapshot.matches('showingSecret') || snapshot.matches('enteringCode')) {
    return [
      ...key,
      fieldForm({
        name: 'code',
        label: '6-digit code from the app',
        inputmode: 'numeric',
        autocomplete: 'one-time-code',
        button: 'Verify',
        error: context.error,
        submit: (code) => send({ type: 'code.submit', code }),
      }),
      restart,
    ];
  }
  if (snapshot.matches('updatingSoftwareToken')) return [...key, busy('Checking the code…')];
  if (snapshot.matches('offeringEnrollment')) {
    return [
      h('p', {}, 'Protect your account with an authenticator app: each sign-in then asks for its 6-digit code.'),
      button('Add an authenticator app', 'add-app', () => send({ type: 'enrollment.start' })),
      button('Skip', 'skip', () => send({ type: 'flow.cancel' })),
    ];
  }
  if (snapshot.matches('offeringDisable')) {
    return [h('p', {}, 'Two-step sign-in is already on.'), button('Turn it off', 'disable', () => send({ type: 'mfa.disable' })), button('Skip', 'skip', () => send({ type: 'flow.cancel' }))];
  }
  if (snapshot.hasTag('error')) {
    return [errorLine(context.error) ?? '', context.error?.retryable ? button('Try again', 'retry', () => send({ type: 'flow.retry' })) : '', restart];
  }
  if (snapshot.hasTag('busy')) return [busy('Talking to the server…')];
  return [h('p', {}, 'Setting up two-step sign-in…')];
}

/** E-mail change: new address, then the code mailed to it. */
export function emailView(actor: EmailActor, snapshot: SnapshotFrom<typeof flows.emailUpdate>, redraw: () => void): ViewParts {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  const changeAddress = button('Use another address', 'change-email', () => send({ type: 'email.change' }));
  if (snapshot.matches('enteringEmail')) {
    return [
      h('p', {}, 'Change the address you sign in with.'),
      fieldForm({
        name: 'email',
        label: 'New e-mail',
        type: 'email',
        autocomplete: 'email',
        button: 'Send code',
        value: context.email,
        error: context.error,
        submit: (email) => send({ type: 'email.submit', email }),
      }),
    ];
  }
  if (snapshot.matches('enteringCode')) {
    return [
      h('p', {}, `We mailed a code to ${context.email}.${validFor('It', context.codeExpiresAt)}`),
      fieldForm({
        name: 'code',
        label: 'Code',
        inputmode: 'numeric',
        autocomplete: 'one-time-code',
        button: 'Confirm',
        error: context.error,
        submit: (code) => send({ type: 'code.submit', code }),
      }),
      resendLine(context, () => send({ type: 'code.resend' }), redraw),
      changeAddress,
    ];
  }
  if (snapshot.matches('codeExpired')) {
    return [errorLine(context.error) ?? '', button('Send a new code', 'resend', () => send({ type: 'code.resend' })), changeAddress];
  }
  if (snapshot.hasTag('busy')) return [busy('Talking to the server…')];
  return [h('p', {}, snapshot.matches('updated') ? `Your address is now ${context.email}.` : 'E-mail change cancelled.')];
}
