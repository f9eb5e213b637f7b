import type { EventFromLogic, SnapshotFrom } from 'xstate';
import { CODE_MESSAGE, isSixDigitCode } from '../api/validation.js';
import type { mfaSetupMachine } from '../machines/index.js';
import { otpauthUri, qrTerminal } from '../mfa/index.js';
import { createAuthenticator } from '../testing/authenticator.js';
import { DEMO_STEPS, DemoFailure, reportError, runFlow, type DemoContext } from './demo-flow.js';

type MfaSnapshot = SnapshotFrom<typeof mfaSetupMachine>;
type MfaEvent = EventFromLogic<typeof mfaSetupMachine>;


/**
 * Runs `mfaSetupMachine`: draws the authenticator key as a QR code, then takes the app's
 * code from the user (or, in auto mode, from a virtual authenticator on the emulator's clock).
 * Resolves with what the summary shows.
 */
export async function mfaStep(ctx: DemoContext, machine: typeof mfaSetupMachine, email: string): Promise<string> {
  const phone = createAuthenticator();
  /** The key the user's authenticator app holds once it scanned the QR code. */
  let scanned: string | undefined;
  let drawn: string | undefined;

  async function showKey(secret: string): Promise<void> {
    if (drawn === secret) return;
    drawn = secret;
    scanned = secret;
    const uri = otpauthUri({ secret, accountName: email });
    if (ctx.ui.terminal) {
      ctx.ui.info('Scan this with an authenticator app (Google Authenticator, 1Password, …), or type "show" below to see its code:');
      ctx.ui.block(await qrTerminal(uri, { small: true }));
    } else {
      ctx.ui.info('Key for the authenticator app (drawn as a QR code on a terminal):');
    }
    ctx.ui.info(`Key: ${secret.replace(/(.{4})/g, '$1 ').trim()}`);
    ctx.ui.info(`URI: ${uri}`);
  }

  async function askCode(signal: AbortSignal): Promise<MfaEvent> {
    if (ctx.prompt === undefined) {
      if (scanned === undefined) throw new DemoFailure('No authenticator key was shown.');
      const at = (await ctx.backend.emulator?.now()) ?? Date.now();
      const code = phone.code(scanned, at);
      ctx.ui.info(`The authenticator app shows ${code}.`);
      return { type: 'code.submit', code };
    }
    const code = await ctx.prompt.ask('6-digit code from the app ("show" prints the current code, "restart" makes a new key)', {
      validate: (v) => (v === 'restart' || v === 'show' || isSixDigitCode(v) ? undefined : CODE_MESSAGE),
      signal,
    });
    if (code === 'show' && scanned !== undefined) {
      // No authenticator app at hand: the demo computes what the app would show from the key.
      const at = (await ctx.backend.emulator?.now()) ?? Date.now();
      ctx.ui.info(`An authenticator app with this key shows ${phone.code(scanned, at)} now (it changes every 30 s).`);
      return askCode(signal);
    }
    return code === 'restart' ? { type: 'enrollment.restart' } : { type: 'code.submit', code };
  }

  async function retryOrCancel(snapshot: MfaSnapshot, what: string, signal: AbortSignal): Promise<MfaEvent> {
    reportError(ctx, snapshot.context.error, what);
    const prompt = ctx.prompt;
    if (prompt === undefined) throw new DemoFailure(`${what} failed.`);
    const canRestart = !snapshot.matches('loadingFailed');
    if (snapshot.context.error?.retryable === true) {
      const choice = await prompt.choose('Try again?', [{ value: 'retry', label: 'Retry' }, { value: 'cancel', label: 'Cancel' }], { signal });
      return choice === 'retry' ? { type: 'flow.retry' } : { type: 'flow.cancel' };
    }
    if (canRestart) {
      const choice = await prompt.choose('Start over with a new key?', [{ value: 'restart', label: 'New key' }, { value: 'cancel', label: 'Cancel' }], { signal });
      if (choice === 'restart') return { type: 'enrollment.restart' };
    }
    return { type: 'flow.cancel' };
  }

  async function decide(snapshot: MfaSnapshot, signal: AbortSignal): Promise<MfaEvent> {
    if (snapshot.matches('showingSecret') || snapshot.matches('enteringCode')) {
      if (snapshot.context.secret !== undefined) await showKey(snapshot.context.secret);
      if (snapshot.hasTag('error')) reportError(ctx, snapshot.context.error, 'Registering the authenticator app');
      return askCode(signal);
    }
    if (snapshot.matches('offeringEnrollment')) {
      // The key is created only now, when the user asks to add the app.
      ctx.ui.info('MFA is off for this user; adding an authenticator app.');
      return { type: 'enrollment.start' };
    }
    if (snapshot.matches('offeringDisable')) {
      ctx.ui.info('MFA is already on for this user.');
      if (ctx.prompt !== undefined) {
        const choice = await ctx.prompt.choose('Turn it off?', [{ value: 'keep', label: 'Keep it on' }, { value: 'disable', label: 'Turn it off' }], { signal });
        if (choice === 'disable') return { type: 'mfa.disable' };
      }
      return { type: 'flow.cancel' };
    }
    if (snapshot.matches('loadingFailed')) return retryOrCancel(snapshot, 'Reading the MFA setting', signal);
    if (snapshot.matches('enrollmentFailed')) return retryOrCancel(snapshot, 'Creating the authenticator key', signal);
    if (snapshot.matches('enableFailed')) return retryOrCancel(snapshot, 'Turning MFA on', signal);
    if (snapshot.matches('disableFailed')) return retryOrCancel(snapshot, 'Turning MFA off', signal);
    throw new DemoFailure(`mfaSetup waits in an unexpected state: ${JSON.stringify(snapshot.value)}.`);
  }

  ctx.ui.step(DEMO_STEPS.mfa, DEMO_STEPS.total, 'Set up MFA with an authenticator app');
  const output = await runFlow(ctx, 'mfaSetup', machine, { accountName: email }, decide);
  if (output.status === 'enabled') {
    ctx.ui.ok('MFA is on: sign-ins now ask for the app code.');
    return 'on (authenticator app)';
  }
  if (output.status === 'disabled') return 'off (turned off)';
  if (ctx.prompt === undefined) throw new DemoFailure('MFA setup was cancelled.');
  return 'unchanged';
}
