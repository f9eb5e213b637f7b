import { createActor, type AnyStateMachine, type EventFromLogic, type InputFrom, type OutputFrom, type SnapshotFrom } from 'xstate';
import { EMAIL_MESSAGE, isWellFormedEmail } from '../api/validation.js';
import type { FlowError } from '../machines/index.js';
import type { DemoBackend } from './demo-backend.js';
import { drive, type DrivenSnapshot } from './demo-driver.js';
import type { DemoUi } from './demo-ui.js';
import type { Prompter } from './prompt.js';

/** What every demo step gets. */
export interface DemoContext {
  ui: DemoUi;
  /** The terminal questions; absent in auto mode. */
  prompt: Prompter | undefined;
  backend: DemoBackend;
  /** The resend cooldown the flows start with (the emulator's when it runs in this process). */
  resendCooldownMs?: number;
}

/** The demo's steps, in order: `[index/total]` in each step's header. */
export const DEMO_STEPS = { signUp: 1, newPassword: 2, tenant: 3, mfa: 4, email: 5, total: 5 } as const;

/** A step could not finish; the message is shown as it is. */
export class DemoFailure extends Error {
  override readonly name = 'DemoFailure';
}

/** What the spinner says while a state with the `busy` tag runs, and after it succeeded. */
const BUSY: Record<string, [string, string]> = {
  signingUp: ['Creating the account', 'Account created; a temporary password was mailed'],
  resending: ['Sending the mail again', 'Mail sent again'],
  confirming: ['Signing in with the temporary password and setting the new one', 'New password set; signed in'],
  loadingUserInfo: ['Reading your account', 'Account read'],
  loadingTenantAttributes: ['Reading the tenant form', 'Tenant form read'],
  loadingUserAttributes: ['Reading the user form', 'User form read'],
  creatingTenant: ['Creating the tenant', 'Tenant created'],
  creatingTenantUser: ['Adding you to the tenant', 'You are a user of the tenant'],
  addingAdminRole: ['Making you its admin', 'You are its admin (env 3)'],
  loadingPreference: ['Reading the MFA setting', 'MFA setting read'],
  creatingSecretCode: ['Creating an authenticator key', 'Authenticator key created'],
  updatingSoftwareToken: ['Checking the code', 'Authenticator app registered'],
  enablingMfa: ['Turning MFA on', 'MFA is on'],
  disablingMfa: ['Turning MFA off', 'MFA is off'],
  requestingEmailUpdate: ['Sending a code to the new address', 'Code sent to the new address'],
  confirmingEmailUpdate: ['Confirming the code', 'E-mail address changed'],
};

/** The top-level state of a snapshot value, for the spinner labels. */
function topState(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (Object.keys(value)[0] ?? '') : '';
}

/** The errors already on screen: a question asked again does not print its error again. */
const shownErrors = new WeakSet<object>();

/** How long until `at`, as `42 s` (at least 1 s while it is in the future). */
export function secondsUntil(at: number | undefined, now = Date.now()): number {
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Shows a flow error once (with the attempts left, or how long to wait when the server said)
 * and, in auto mode, stops the demo with it.
 */
export function reportError(ctx: DemoContext, error: FlowError | undefined, what: string): void {
  const text = error === undefined ? `${what} failed.` : `${error.message} (${error.code})`;
  if (ctx.prompt === undefined) throw new DemoFailure(`${what}: ${text}`);
  if (error !== undefined) {
    if (shownErrors.has(error)) return;
    shownErrors.add(error);
  }
  ctx.ui.fail(text);
  if (error?.attemptsLeft !== undefined) ctx.ui.info(`${error.attemptsLeft} attempt${error.attemptsLeft === 1 ? '' : 's'} left.`);
  const wait = secondsUntil(error?.retryAt);
  if (wait > 0) ctx.ui.info(`Try again in ${wait} s.`);
}

/**
 * After a failed request from a form: shows the error and, when it is retryable and someone is
 * at the terminal, asks what next. `undefined` means edit the form again.
 */
export async function retryOrCancel(
  ctx: DemoContext,
  error: FlowError | undefined,
  what: string,
  signal?: AbortSignal,
): Promise<{ type: 'flow.retry' } | { type: 'flow.cancel' } | undefined> {
  reportError(ctx, error, what);
  if (error?.retryable !== true || ctx.prompt === undefined) return undefined;
  const choice = await ctx.prompt.choose(
    'Try again?',
    [
      { value: 'retry', label: 'Retry' },
      { value: 'edit', label: 'Edit the address' },
      { value: 'cancel', label: 'Cancel' },
    ],
    { ...(signal === undefined ? {} : { signal }) },
  );
  return choice === 'retry' ? { type: 'flow.retry' } : choice === 'cancel' ? { type: 'flow.cancel' } : undefined;
}

/** The e-mail check of the prompts (the one the machines use): an error message, or `undefined` when it looks fine. */
export const checkEmail = (value: string): string | undefined => (isWellFormedEmail(value) ? undefined : EMAIL_MESSAGE);

/**
 * Runs one flow machine to its final state, printing its state changes (auto mode) or a
 * spinner while it is busy (interactive), and asking `decide` for the user's next event.
 */
export async function runFlow<M extends AnyStateMachine>(
  ctx: DemoContext,
  flow: string,
  machine: M,
  input: InputFrom<M>,
  decide: (snapshot: SnapshotFrom<M>, signal: AbortSignal) => Promise<EventFromLogic<M>>,
): Promise<OutputFrom<M>> {
  const actor = createActor(machine, { input });
  let running = '';
  try {
    const final = await drive(actor, {
      decide,
      onChange: (from, to) => ctx.ui.transition(flow, from, to),
      onBusy(busy, next) {
        const snapshot = next as unknown as DrivenSnapshot;
        if (busy) {
          running = topState(snapshot.value);
          ctx.ui.busyStart(BUSY[running]?.[0] ?? 'Working');
        } else {
          const failed = snapshot.hasTag('error');
          const [doing, done] = BUSY[running] ?? ['Working', 'Done'];
          ctx.ui.busyEnd(!failed, failed ? `${doing}: failed` : done);
        }
      },
    });
    return (final as unknown as { output: OutputFrom<M> }).output;
  } finally {
    actor.stop();
  }
}
