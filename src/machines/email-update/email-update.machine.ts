import { setup } from 'xstate';
import { CODE_MESSAGE, EMAIL_MESSAGE } from '../../api/validation.js';
import { initialCodeContext } from '../shared/code-context.js';
import { resendCooldown } from '../shared/deadlines.js';
import { codeEntryActions, emailEntryActions } from '../shared/flow.actions.js';
import { canRetry, isCodeDead, isCodeFilled, isEmailWellFormed, isResendQueued } from '../shared/flow.guards.js';
import type { FlowTypes } from '../shared/flow.types.js';
import { emailInput, sentCode, submittedCode } from '../shared/mappers.js';
import { missingActor } from '../shared/missing-actor.js';
import type { EmailUpdateActors, EmailUpdateContext, EmailUpdateEvent, EmailUpdateInput, EmailUpdateOutput } from './email-update.types.js';

/**
 * The signed-in user changes their address: new address -> `requestEmailUpdate` (code mailed,
 * valid 24 h) -> code entry (resend with cooldown; a wrong code keeps the user here with the
 * attempts left) -> `confirmEmailUpdate` -> updated. An expired or exhausted code leads to
 * `codeExpired`, where `code.resend` requests a new one.
 *
 * States with a request in flight are tagged `busy` and saved by `persistFlow` as the step the
 * request was sent from (`meta.persist.resumeAt`). The `resendCooldown` delay only wakes the
 * machine: the deadline is `resendAvailableAt` in context; a `code.resend` during the cooldown
 * is queued and sent when it ends.
 */
export const emailUpdateMachine = setup({
  types: {} as FlowTypes<EmailUpdateContext, EmailUpdateEvent, EmailUpdateInput | undefined, EmailUpdateOutput>,
  actors: {
    requestEmailUpdate: missingActor(),
    confirmEmailUpdate: missingActor(),
  } satisfies EmailUpdateActors,
  guards: { isEmailWellFormed, isCodeFilled, isCodeDead, canRetry, isResendQueued },
  actions: { ...codeEntryActions<EmailUpdateContext, EmailUpdateEvent>(), ...emailEntryActions<EmailUpdateContext, EmailUpdateEvent>() },
  delays: { resendCooldown },
}).createMachine({
  id: 'emailUpdate',
  context: ({ input }) => ({ ...initialCodeContext(input), email: input?.email?.trim() ?? '' }),
  initial: 'enteringEmail',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as EmailUpdateOutput,
  states: {
    enteringEmail: {
      initial: 'editing',
      states: {
        editing: {},
        failed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#emailUpdate.requestingEmailUpdate' } } },
      },
      on: {
        'email.submit': [
          { guard: 'isEmailWellFormed', target: 'requestingEmailUpdate', actions: 'assignEmail' },
          { target: '.failed', actions: { type: 'assignInvalidInput', params: EMAIL_MESSAGE } },
        ],
      },
    },
    requestingEmailUpdate: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringEmail' } },
      invoke: {
        id: 'requestEmailUpdate',
        src: 'requestEmailUpdate',
        input: emailInput,
        onDone: { target: 'enteringCode', actions: { type: 'assignCodeSent', params: sentCode } },
        onError: { target: 'enteringEmail.failed', actions: 'assignError' },
      },
    },
    enteringCode: {
      type: 'parallel',
      exit: 'dropQueuedResend',
      on: {
        'code.submit': [
          { guard: 'isCodeFilled', target: 'confirmingEmailUpdate' },
          { target: '.feedback.failed', actions: { type: 'assignInvalidInput', params: CODE_MESSAGE } },
        ],
        // The code went to the address being replaced: forget it.
        'email.change': { target: 'enteringEmail', actions: 'forgetCode' },
      },
      states: {
        resend: {
          initial: 'coolingDown',
          states: {
            coolingDown: {
              // A restored actor has no timer: drop the queue; `code.resend` re-arms the wake-up.
              meta: { persist: { reset: { resendQueued: false } } },
              after: { resendCooldown: [{ guard: 'isResendQueued', target: '#emailUpdate.resending' }, { target: 'available' }] },
              // Re-arms the wake-up (lost when a snapshot is restored) and sends when it fires.
              on: { 'code.resend': { target: 'coolingDown', reenter: true, actions: 'queueResend' } },
            },
            available: { on: { 'code.resend': '#emailUpdate.resending' } },
          },
        },
        feedback: { initial: 'idle', states: { idle: {}, failed: { tags: ['error'] } } },
      },
    },
    resending: {
      tags: ['busy'],
      entry: ['clearError', 'dropQueuedResend'],
      meta: { persist: { resumeAt: 'enteringCode' } },
      invoke: {
        id: 'requestEmailUpdate',
        src: 'requestEmailUpdate',
        input: emailInput,
        onDone: { target: 'enteringCode', actions: { type: 'assignCodeSent', params: sentCode } },
        onError: { target: 'enteringCode.feedback.failed', actions: 'assignResendFailed' },
      },
    },
    confirmingEmailUpdate: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringCode' } },
      invoke: {
        id: 'confirmEmailUpdate',
        src: 'confirmEmailUpdate',
        input: submittedCode,
        onDone: { target: 'updated' },
        onError: [
          { guard: 'isCodeDead', target: 'codeExpired', actions: 'assignError' },
          { target: 'enteringCode.feedback.failed', actions: 'assignError' },
        ],
      },
    },
    codeExpired: {
      tags: ['error'],
      on: {
        'code.resend': 'requestingEmailUpdate',
        'email.change': { target: 'enteringEmail', actions: 'forgetCode' },
      },
    },
    updated: { type: 'final', output: ({ context }) => ({ status: 'updated' as const, email: context.email }) },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
