import { resendCooldownDelay, systemNow } from './deadlines.js';
import { inFlight, keyed, refuse } from './flow.states.js';
import { sentCode, submittedCode } from './mappers.js';
import { ENTER_MAILED_CODE } from './messages.js';

/*
 * Entering a mailed code, as every code-mailing flow does it. Needs the guard
 * `isResendQueued`, the actions of `codeEntryActions` and the `resendCooldown` delay.
 */

/** `setup({ delays })` of a code-entry flow; `createSaasusFlows(api, { now })` provides its clock. */
export const codeEntryDelays = { resendCooldown: resendCooldownDelay(systemNow) };

/** `email.change` from a code state: back to the address, forgetting the code (it was sent to the old one). */
export const changeEmail = { target: 'enteringEmail', actions: 'forgetCode' } as const;

/**
 * The parallel state where a mailed code is entered: a `resend` region (`coolingDown` ->
 * `available`; the `resendCooldown` delay only wakes the machine, the deadline is
 * `resendAvailableAt` in context; a `code.resend` during the cooldown is queued and sent when
 * it ends, from `#machine.resending`) and a `feedback` region (`idle`, `failed`). `on` is the
 * flow's: how a code is submitted (a refused one goes to `.feedback.failed`).
 */
export function codeEntryState<const TMachine extends string, const TOn>(machine: TMachine, on: TOn) {
  const resending = `#${machine}.resending` as const;
  return {
    type: 'parallel',
    exit: 'dropQueuedResend',
    on,
    states: {
      resend: {
        initial: 'coolingDown',
        states: {
          coolingDown: {
            // A restored actor has no timer: drop the queue; `code.resend` re-arms the wake-up.
            meta: { persist: { reset: { resendQueued: false } } },
            after: { resendCooldown: [{ guard: 'isResendQueued', target: resending }, { target: 'available' }] },
            // Re-arms the wake-up (lost when a snapshot is restored) and sends when it fires.
            on: { 'code.resend': { target: 'coolingDown', reenter: true, actions: 'queueResend' } },
          },
          available: { on: { 'code.resend': resending } },
        },
      },
      feedback: { initial: 'idle', states: { idle: {}, failed: { tags: ['error'] } } },
    },
  } as const;
}

/** `resending`: invokes `src` (a new code is mailed) and goes back to `entering`, showing a failure there. */
export function resendingState<const TEntering extends string, const TSrc extends string, const TInput>(entering: TEntering, src: TSrc, input: TInput) {
  return {
    tags: ['busy'],
    entry: ['clearError', 'dropQueuedResend'],
    meta: { persist: { resumeAt: entering } },
    invoke: {
      id: src,
      src,
      input,
      onDone: { target: entering, actions: { type: 'assignCodeSent', params: sentCode } },
      onError: { target: `${entering}.feedback.failed`, actions: 'assignResendFailed' },
    },
  } as const;
}

type EmailChange<TEnabled extends boolean> = TEnabled extends true ? { readonly 'email.change': typeof changeEmail } : {};

function emailChange<TEnabled extends boolean>(enabled: TEnabled): EmailChange<TEnabled> {
  return (enabled ? { 'email.change': changeEmail } : {}) as EmailChange<TEnabled>;
}

/**
 * A code mailed by `request` (a state of `machine`) and checked by `confirm`:
 * `enteringCode` (see {@link codeEntryState}), `resending` (invokes `resend`), `confirming`
 * (invokes `confirm` with `{ code }`; success goes to `done`, a wrong code back to
 * `enteringCode` with the failure, a dead one to `codeExpired`) and `codeExpired`
 * (`code.resend` goes to `request`). With `changeEmail`, `email.change` goes back to the address.
 * Needs the guards `isCodeFilled` and `isCodeDead` too.
 */
export function mailedCodeStates<
  const TMachine extends string,
  const TRequest extends string,
  const TResend extends string,
  const TResendInput,
  const TConfirming extends string,
  const TConfirm extends string,
  const TDone extends string,
  const TChangeEmail extends boolean,
>(o: {
  machine: TMachine;
  request: TRequest;
  resend: { src: TResend; input: TResendInput };
  confirming: TConfirming;
  confirm: TConfirm;
  done: TDone;
  changeEmail: TChangeEmail;
}) {
  return {
    enteringCode: codeEntryState(o.machine, {
      'code.submit': [{ guard: 'isCodeFilled', target: o.confirming }, refuse('.feedback.failed', ENTER_MAILED_CODE)],
      ...emailChange(o.changeEmail),
    }),
    resending: resendingState('enteringCode', o.resend.src, o.resend.input),
    ...keyed(o.confirming, {
      ...inFlight('enteringCode'),
      invoke: {
        id: o.confirm,
        src: o.confirm,
        input: submittedCode,
        onDone: { target: o.done },
        onError: [
          { guard: 'isCodeDead', target: 'codeExpired', actions: 'assignError' },
          { target: 'enteringCode.feedback.failed', actions: 'assignError' },
        ],
      },
    } as const),
    codeExpired: { tags: ['error'], on: { 'code.resend': o.request, ...emailChange(o.changeEmail) } },
  } as const;
}
