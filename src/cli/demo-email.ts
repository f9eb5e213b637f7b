import type { EventFromLogic, SnapshotFrom } from 'xstate';
import { CODE_MESSAGE, isSixDigitCode } from '../api/validation.js';
import type { emailUpdateMachine } from '../machines/index.js';
import { checkEmail, DEMO_STEPS, DemoFailure, reportError, retryOrCancel, runFlow, type DemoContext } from './demo-flow.js';
import { uniqueTag } from './demo-sign-up.js';

type EmailSnapshot = SnapshotFrom<typeof emailUpdateMachine>;
type EmailEvent = EventFromLogic<typeof emailUpdateMachine>;

/** Runs `emailUpdateMachine`: new address, the code "mailed" there, confirmation. */
export async function emailStep(ctx: DemoContext, machine: typeof emailUpdateMachine, current: string): Promise<string> {
  const shown = new Set<string>();

  async function enteringEmail(snapshot: EmailSnapshot, signal: AbortSignal): Promise<EmailEvent> {
    if (snapshot.hasTag('error')) {
      const next = await retryOrCancel(ctx, snapshot.context.error, 'Asking for the code', signal);
      if (next !== undefined) return next;
    }
    const suggested = snapshot.context.email || current.replace(/^[^@]*/, `new-${uniqueTag()}`);
    const email =
      ctx.prompt === undefined
        ? suggested
        : await ctx.prompt.ask('New e-mail address', {
            default: suggested,
            validate: (v) => checkEmail(v) ?? (v === current ? 'That is the current address.' : undefined),
            signal,
          });
    return { type: 'email.submit', email };
  }

  async function enteringCode(snapshot: EmailSnapshot, signal: AbortSignal): Promise<EmailEvent> {
    const { context } = snapshot;
    if (snapshot.hasTag('error')) reportError(ctx, context.error, 'Confirming the code');
    const mail = await ctx.backend.emulator?.latestMail(context.email, 'updateUserAttribute');
    if (mail !== undefined && !shown.has(mail.id)) {
      shown.add(mail.id);
      ctx.ui.mail({
        to: mail.to,
        subject: 'Confirm your new e-mail address',
        lines: ['Type this code in the app to confirm the change:', '', `    ${mail.code ?? '(none)'}`, '', 'It is valid for 24 hours.'],
      });
    }
    if (ctx.prompt === undefined) {
      if (mail?.code === undefined) throw new DemoFailure(`No code was mailed to ${context.email}.`);
      return { type: 'code.submit', code: mail.code };
    }
    const code = await ctx.prompt.ask('Code from the mail (or "resend", "change")', {
      validate: (v) => (v === 'resend' || v === 'change' || isSixDigitCode(v) ? undefined : CODE_MESSAGE),
      signal,
    });
    if (code === 'resend') return { type: 'code.resend' };
    if (code === 'change') return { type: 'email.change' };
    return { type: 'code.submit', code };
  }

  async function codeExpired(snapshot: EmailSnapshot, signal: AbortSignal): Promise<EmailEvent> {
    reportError(ctx, snapshot.context.error, 'Confirming the code');
    const prompt = ctx.prompt;
    if (prompt === undefined) throw new DemoFailure('The code cannot be used any more.');
    const choice = await prompt.choose(
      'Send a new code?',
      [
        { value: 'resend', label: 'Send a new code' },
        { value: 'change', label: 'Change the address' },
        { value: 'cancel', label: 'Cancel' },
      ],
      { signal },
    );
    return choice === 'resend' ? { type: 'code.resend' } : choice === 'change' ? { type: 'email.change' } : { type: 'flow.cancel' };
  }

  ctx.ui.step(DEMO_STEPS.email, DEMO_STEPS.total, 'Change the e-mail address');
  const output = await runFlow(ctx, 'emailUpdate', machine, ctx.resendCooldownMs === undefined ? {} : { resendCooldownMs: ctx.resendCooldownMs }, async (snapshot, signal) => {
    if (snapshot.matches('enteringEmail')) return enteringEmail(snapshot, signal);
    if (snapshot.matches('enteringCode')) return enteringCode(snapshot, signal);
    if (snapshot.matches('codeExpired')) return codeExpired(snapshot, signal);
    throw new DemoFailure(`emailUpdate waits in an unexpected state: ${JSON.stringify(snapshot.value)}.`);
  });
  if (output.status !== 'updated') {
    if (ctx.prompt === undefined) throw new DemoFailure('The e-mail change was cancelled.');
    return current;
  }
  ctx.ui.ok(`The address is now ${output.email}.`);
  return output.email;
}
