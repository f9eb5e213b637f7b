import type { EventFromLogic, SnapshotFrom } from 'xstate';
import type { OutboxMessage } from '../emulator/index.js';
import { isValidPassword } from '../emulator/password-policy.js';
import type { signUpMachine } from '../machines/index.js';
import type { ConfirmSignUp, UserSession } from '../services/index.js';
import { emulatorConfirmSignUp, type HostedSignIn } from '../testing/emulator-sign-in.js';
import { checkEmail, DEMO_STEPS, DemoFailure, reportError, retryOrCancel, runFlow, secondsUntil, type DemoContext } from './demo-flow.js';

type SignUpSnapshot = SnapshotFrom<typeof signUpMachine>;
type SignUpEvent = EventFromLogic<typeof signUpMachine>;

const PASSWORD_RULE = 'at least 8 characters, with a letter and a digit';

/** The emulator's password policy, checked before sending so the user gets a quick answer. */
export function checkPassword(value: string): string | undefined {
  return isValidPassword(value) ? undefined : `Use ${PASSWORD_RULE}.`;
}

/** A fresh suffix so repeated runs against a served emulator do not collide. */
export const uniqueTag = (): string => globalThis.crypto.randomUUID().slice(0, 8);

/**
 * The app's confirmation step of the demo: the hosted-login sign-in with the temporary
 * password and the new one (on an emulator), or the callback code the user pasted, then the
 * code exchange for credentials, which become the demo's session.
 */
export function demoConfirmSignUp(ctx: Pick<DemoContext, 'backend'>, onSession: (session: UserSession) => void): ConfirmSignUp {
  const control: HostedSignIn = ctx.backend.emulator ?? {
    signIn: () => Promise.reject(new DemoFailure('Signing in with the temporary password needs the emulator; paste the callback code instead.')),
    respondToChallenge: () => Promise.reject(new DemoFailure('Signing in needs the emulator.')),
  };
  return emulatorConfirmSignUp({ control }, { api: ctx.backend.api, onSession: ({ userId, accessToken, credentials }) => onSession({ userId, accessToken, idToken: credentials.id_token }) });
}

function showTemporaryPassword(ctx: DemoContext, mail: OutboxMessage, expiresAt: number | undefined): void {
  // The machine's deadline: the temporary password's validity (7 days by default, as SaaSus).
  const validity = expiresAt === undefined ? [] : ['', `It works until ${new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`, `(${Math.round((expiresAt - mail.sentAt) / 86_400_000)} days).`];
  ctx.ui.mail({
    to: mail.to,
    subject: mail.template === 'resendCode' ? 'Your temporary password (sent again)' : 'Welcome! Your temporary password',
    lines: ['Your account was created. Sign in with this temporary', 'password and choose a new one:', '', `    ${mail.temporaryPassword ?? '(none)'}`, ...validity],
  });
}

/** Runs `signUpMachine` through sign-up and the first sign-in with a new password. */
export async function signUpStep(ctx: DemoContext, machine: typeof signUpMachine): Promise<{ email: string; userId: string }> {
  const shown = new Set<string>();
  let stepTwoShown = false;
  const newPassword = `Demo-${uniqueTag()}-9`;

  async function awaitingConfirmation(snapshot: SignUpSnapshot, signal: AbortSignal): Promise<SignUpEvent> {
    const { context } = snapshot;
    if (!stepTwoShown) {
      stepTwoShown = true;
      ctx.ui.step(DEMO_STEPS.newPassword, DEMO_STEPS.total, 'Set a new password');
    }
    if (snapshot.hasTag('error')) reportError(ctx, context.error, 'Setting the new password');
    const mail = await ctx.backend.emulator?.latestMail(context.email);
    if (mail !== undefined && !shown.has(mail.id)) {
      shown.add(mail.id);
      showTemporaryPassword(ctx, mail, context.codeExpiresAt);
    }
    const prompt = ctx.prompt;
    if (prompt === undefined) {
      if (mail?.temporaryPassword === undefined) throw new DemoFailure(`No temporary password was mailed to ${context.email}.`);
      return { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: mail.temporaryPassword, newPassword } };
    }
    const coolingDown = snapshot.matches({ awaitingConfirmation: { resend: 'coolingDown' } });
    const wait = secondsUntil(context.resendAvailableAt);
    const resendHint = context.resendQueued ? 'queued: goes out when the cooldown ends' : coolingDown && wait > 0 ? `possible in ${wait} s (asked now, it goes out then)` : 'possible now';
    const action = await prompt.choose(
      `Waiting for the sign-in of ${context.email}`,
      [
        { value: 'signIn', label: ctx.backend.emulator === undefined ? 'Paste the callback code' : 'Sign in with the temporary password' },
        { value: 'resend', label: 'Send the mail again', hint: resendHint },
        { value: 'change', label: 'Change the address', hint: 'a typo? the mail went to the wrong place' },
        { value: 'cancel', label: 'Cancel' },
      ],
      { signal },
    );
    if (action === 'resend') {
      if (coolingDown && wait > 0) ctx.ui.info(`A new mail goes out when the cooldown ends (in ${wait} s).`);
      return { type: 'code.resend' };
    }
    if (action === 'change') return { type: 'email.change' };
    if (action === 'cancel') return { type: 'flow.cancel' };
    if (ctx.backend.emulator === undefined) {
      ctx.ui.info('Open your SaaS login page, sign in with the temporary password from the mail and choose a new');
      ctx.ui.info('password. The page redirects to your callback URL with ?code=…; paste that code here.');
      const code = await prompt.ask('Callback code', { signal });
      return { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code } };
    }
    // Only the newest mail's password is offered, and none while a resend is about to replace it.
    const offered = context.resendQueued ? undefined : mail?.temporaryPassword;
    const temporary = await prompt.ask('Temporary password from the mail', { signal, ...(offered === undefined ? {} : { default: offered }) });
    const chosen = await prompt.ask(`New password (${PASSWORD_RULE})`, { secret: true, validate: checkPassword, signal });
    return { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: temporary, newPassword: chosen } };
  }

  async function enteringEmail(snapshot: SignUpSnapshot, signal: AbortSignal): Promise<SignUpEvent> {
    if (snapshot.hasTag('error')) {
      const next = await retryOrCancel(ctx, snapshot.context.error, 'Sign-up', signal);
      if (next !== undefined) return next;
    }
    const suggested = snapshot.context.email || `demo-${uniqueTag()}@example.com`;
    const email = ctx.prompt === undefined ? suggested : await ctx.prompt.ask('Your e-mail address', { default: suggested, validate: checkEmail, signal });
    return { type: 'email.submit', email };
  }

  ctx.ui.step(DEMO_STEPS.signUp, DEMO_STEPS.total, 'Sign up');
  const output = await runFlow(ctx, 'signUp', machine, ctx.resendCooldownMs === undefined ? {} : { resendCooldownMs: ctx.resendCooldownMs }, async (snapshot, signal) => {
    if (snapshot.matches('enteringEmail')) return enteringEmail(snapshot, signal);
    if (snapshot.matches('awaitingConfirmation')) return awaitingConfirmation(snapshot, signal);
    throw new DemoFailure(`signUp waits in an unexpected state: ${JSON.stringify(snapshot.value)}.`);
  });
  if (output.status !== 'confirmed') throw new DemoFailure('Sign-up was cancelled.');
  ctx.ui.ok(`Signed up and signed in as ${output.email}`);
  return { email: output.email, userId: output.userId };
}
