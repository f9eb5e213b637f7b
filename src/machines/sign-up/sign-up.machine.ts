import { assign, setup } from 'xstate';
import { EMAIL_MESSAGE } from '../../api/validation.js';
import { initialCodeContext } from '../shared/code-context.js';
import { resendCooldown } from '../shared/deadlines.js';
import { signUpActions } from '../shared/flow.actions.js';
import { canRetry, isEmailWellFormed, isResendQueued } from '../shared/flow.guards.js';
import type { FlowTypes } from '../shared/flow.types.js';
import { emailInput, sentCode } from '../shared/mappers.js';
import { ENTER_CONFIRMATION } from '../shared/messages.js';
import { missingActor } from '../shared/missing-actor.js';
import { confirmationInput, isConfirmationComplete, outputUserId, temporaryPasswordSettings } from './confirmation.js';
import type { SignUpActors, SignUpContext, SignUpEvent, SignUpInput, SignUpOutput } from './sign-up.types.js';

/**
 * Self sign-up: e-mail -> `signUp` (SaaSus mails a temporary password) -> awaiting
 * confirmation (resend with cooldown) -> `confirmSignUp` (the app's first sign-in with the
 * temporary password) -> confirmed. `codeExpiresAt` is the mail's time plus the password
 * policy's temporary password validity (`input.temporaryPasswordValidityDays`, default 7).
 * `email.change` goes back to the address and records the unconfirmed user left behind in
 * `abandonedSignUps` (also in the output), for the back end to delete.
 *
 * States with a request in flight are tagged `busy` and saved by `persistFlow` as the step the
 * request was sent from (`meta.persist.resumeAt`). The `resendCooldown` delay only wakes the
 * machine: the deadline is `resendAvailableAt` in context; a `code.resend` during the cooldown
 * is queued and sent when it ends.
 *
 * @example
 * const actor = createActor(createSaasusFlows(api, { confirmSignUp }).signUpMachine).start();
 * actor.send({ type: 'email.submit', email: 'ann@example.com' });
 */
export const signUpMachine = setup({
  types: {} as FlowTypes<SignUpContext, SignUpEvent, SignUpInput | undefined, SignUpOutput>,
  actors: {
    signUp: missingActor(),
    resendSignUpConfirmationEmail: missingActor(),
    confirmSignUp: missingActor(),
  } satisfies SignUpActors,
  guards: { isEmailWellFormed, isConfirmationComplete, canRetry, isResendQueued },
  actions: {
    ...signUpActions<SignUpContext, SignUpEvent>(),
    abandonSignUp: assign({
      abandonedSignUps: ({ context }) =>
        context.userId === undefined ? context.abandonedSignUps : [...context.abandonedSignUps, { email: context.email, userId: context.userId }],
    }),
  },
  delays: { resendCooldown },
}).createMachine({
  id: 'signUp',
  context: ({ input }) => ({ ...initialCodeContext(temporaryPasswordSettings(input)), email: input?.email?.trim() ?? '', abandonedSignUps: [] }),
  initial: 'enteringEmail',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as SignUpOutput,
  states: {
    enteringEmail: {
      initial: 'editing',
      states: {
        editing: {},
        failed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#signUp.signingUp' } } },
      },
      on: {
        'email.submit': [
          { guard: 'isEmailWellFormed', target: 'signingUp', actions: 'assignEmail' },
          { target: '.failed', actions: { type: 'assignInvalidInput', params: EMAIL_MESSAGE } },
        ],
      },
    },
    signingUp: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringEmail' } },
      invoke: {
        id: 'signUp',
        src: 'signUp',
        input: emailInput,
        onDone: {
          target: 'awaitingConfirmation',
          actions: [
            { type: 'assignCodeSent', params: sentCode },
            { type: 'assignUserId', params: outputUserId },
          ],
        },
        onError: { target: 'enteringEmail.failed', actions: 'assignError' },
      },
    },
    awaitingConfirmation: {
      type: 'parallel',
      exit: 'dropQueuedResend',
      on: {
        'confirmation.submit': [
          { guard: 'isConfirmationComplete', target: 'confirming' },
          { target: '.feedback.failed', actions: { type: 'assignInvalidInput', params: ENTER_CONFIRMATION } },
        ],
        // The temporary password went to the old address: forget it and the new user.
        'email.change': { target: 'enteringEmail', actions: ['abandonSignUp', 'forgetCode'] },
      },
      states: {
        resend: {
          initial: 'coolingDown',
          states: {
            coolingDown: {
              // A restored actor has no timer: drop the queue; `code.resend` re-arms the wake-up.
              meta: { persist: { reset: { resendQueued: false } } },
              after: { resendCooldown: [{ guard: 'isResendQueued', target: '#signUp.resending' }, { target: 'available' }] },
              // Re-arms the wake-up (lost when a snapshot is restored) and sends when it fires.
              on: { 'code.resend': { target: 'coolingDown', reenter: true, actions: 'queueResend' } },
            },
            available: { on: { 'code.resend': '#signUp.resending' } },
          },
        },
        feedback: { initial: 'idle', states: { idle: {}, failed: { tags: ['error'] } } },
      },
    },
    resending: {
      tags: ['busy'],
      entry: ['clearError', 'dropQueuedResend'],
      meta: { persist: { resumeAt: 'awaitingConfirmation' } },
      invoke: {
        id: 'resendSignUpConfirmationEmail',
        src: 'resendSignUpConfirmationEmail',
        input: emailInput,
        onDone: { target: 'awaitingConfirmation', actions: { type: 'assignCodeSent', params: sentCode } },
        onError: { target: 'awaitingConfirmation.feedback.failed', actions: 'assignResendFailed' },
      },
    },
    confirming: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'awaitingConfirmation' } },
      invoke: {
        id: 'confirmSignUp',
        src: 'confirmSignUp',
        input: confirmationInput,
        onDone: { target: 'confirmed', actions: { type: 'assignUserId', params: outputUserId } },
        onError: { target: 'awaitingConfirmation.feedback.failed', actions: 'assignError' },
      },
    },
    confirmed: {
      type: 'final',
      output: ({ context }) => ({
        status: 'confirmed' as const,
        userId: context.userId ?? '',
        email: context.email,
        ...(context.abandonedSignUps.length > 0 ? { abandonedSignUps: context.abandonedSignUps } : {}),
      }),
    },
    cancelled: {
      type: 'final',
      output: ({ context }) => ({ status: 'cancelled' as const, ...(context.abandonedSignUps.length > 0 ? { abandonedSignUps: context.abandonedSignUps } : {}) }),
    },
  },
});
