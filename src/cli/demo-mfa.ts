import type { EventFromLogic, SnapshotFrom } from 'xstate';
import { CODE_MESSAGE, isSixDigitCode } from '../api/validation.js';
import type { mfaSetupMachine } from '../machines/index.js';
import { otpauthUri, qrTerminal } from '../mfa/index.js';
import { createAuthenticator } from '../testing/authenticator.js';
import { DemoFailure, reportError, runFlow, type DemoContext } from './demo-flow.js';

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
      ctx.ui.info('Scan this with an authenticator app (Google Authenticator, 1Password, …):');
      ctx.ui.block(await qrTerminal(uri, { small: true }));
    } else {
      ctx.ui.info('Key for the authenticator app (drawn as a QR code on a terminal):');
    }
    ctx.ui.info(`Key: ${secret.replace(/(.{4})/g, '$1 ').trim()}`);
    ctx.ui.info(`URI: ${uri}`);
  }

  async function askCode(): Promise<MfaEvent> {
    if (ctx.prompt === undefined) {
      if (scanned === undefined) throw new DemoFailure('No authenticator key was shown.');
      const at = (await ctx.backend.emulator?.now()) ?? Date.now();
      const code = phone.code(scanned, at);
      ctx.ui.info(`The authenticator app shows ${code}.`);
      return { type: 'code.submit', code };
    }
    const code = await ctx.prompt.ask('6-digit code from the app (or "restart" for a new key)', {
      validate: (v) => (v === 'restart' || isSixDigitCode(v) ? undefined : CODE_MESSAGE),
    });
    return code === 'restart' ? { type: 'enrollment.restart' } : { type: 'code.submit', code };
  }

  async function retryOrCancel(snapshot: MfaSnapshot, what: string): Promise<MfaEvent> {
    reportError(ctx, snapshot.context.error, what);
    const prompt = ctx.prompt;
    if (prompt === undefined) throw new DemoFailure(`${what} failed.`);
    const canRestart = !snapshot.matches('loadingFailed');
    if (snapshot.context.error?.retryable === true) {
      const choice = await prompt.choose('Try again?', ['retry', 'cancel'], 'retry');
      return choice === 'retry' ? { type: 'flow.retry' } : { type: 'flow.cancel' };
    }
    if (canRestart && (await prompt.choose('Start over with a new key?', ['restart', 'cancel'], 'restart')) === 'restart') {
      return { type: 'enrollment.restart' };
    }
    return { type: 'flow.cancel' };
  }

  async function decide(snapshot: MfaSnapshot): Promise<MfaEvent> {
    if (snapshot.matches('showingSecret') || snapshot.matches('enteringCode')) {
      if (snapshot.context.secret !== undefined) await showKey(snapshot.context.secret);
      if (snapshot.hasTag('error')) reportError(ctx, snapshot.context.error, 'Registering the authenticator app');
      return askCode();
    }
    if (snapshot.matches('offeringEnrollment')) {
      // The key is created only now, when the user asks to add the app.
      ctx.ui.info('MFA is off for this user; adding an authenticator app.');
      return { type: 'enrollment.start' };
    }
    if (snapshot.matches('offeringDisable')) {
      ctx.ui.info('MFA is already on for this user.');
      if (ctx.prompt !== undefined && (await ctx.prompt.choose('Turn it off?', ['keep', 'disable'], 'keep')) === 'disable') {
        return { type: 'mfa.disable' };
      }
      return { type: 'flow.cancel' };
    }
    if (snapshot.matches('loadingFailed')) return retryOrCancel(snapshot, 'Reading the MFA setting');
    if (snapshot.matches('enrollmentFailed')) return retryOrCancel(snapshot, 'Creating the authenticator key');
    if (snapshot.matches('enableFailed')) return retryOrCancel(snapshot, 'Turning MFA on');
    if (snapshot.matches('disableFailed')) return retryOrCancel(snapshot, 'Turning MFA off');
    throw new DemoFailure(`mfaSetup waits in an unexpected state: ${JSON.stringify(snapshot.value)}.`);
  }

  ctx.ui.step(3, 4, 'Set up MFA with an authenticator app');
  const output = await runFlow(ctx, 'mfaSetup', machine, { accountName: email }, decide);
  if (output.status === 'enabled') {
    ctx.ui.ok('MFA is on: sign-ins now ask for the app code.');
    return 'on (authenticator app)';
  }
  if (output.status === 'disabled') return 'off (turned off)';
  if (ctx.prompt === undefined) throw new DemoFailure('MFA setup was cancelled.');
  return 'unchanged';
}
