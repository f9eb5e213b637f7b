import { assertEvent, assign, setup } from 'xstate';
import type { ConfirmSignUpInput, ConfirmSignUpResult, CodeSent } from '../../services/flow.types.js';
import type { EmailInput, SignUpResult } from '../../services/sign-up.types.js';
import { codeForgotten, codeSent, initialCodeContext, resendFailed } from '../shared/code-context.js';
import { resendCooldownDelay, systemNow } from '../shared/deadlines.js';
import { invalidInputError, toFlowError } from '../shared/flow-error.js';
import type { FlowStateMeta, FlowTag } from '../shared/flow.types.js';
import { missingActor } from '../shared/missing-actor.js';
import { isWellFormedEmail } from '../shared/validation.js';
import { isConfirmationComplete } from './confirmation.js';
import type { SignUpContext, SignUpEvent, SignUpInput, SignUpOutput } from './sign-up.types.js';

const MACHINE = 'signUpMachine';

/**
 * Self sign-up (spec §5a): e-mail -> `signUp` -> awaiting confirmation of the mailed temporary
 * password (resend with cooldown) -> `confirmSignUp` (the app's first sign-in) -> confirmed.
 *
 * @example
 * const actor = createActor(createSaasusFlows(api, { confirmSignUp }).signUpMachine).start();
 * actor.send({ type: 'email.submit', email: 'ann@example.com' });
 */
export const signUpMachine = setup({
  types: {
    context: {} as SignUpContext,
    events: {} as SignUpEvent,
    input: {} as SignUpInput | undefined,
    output: {} as SignUpOutput,
    tags: {} as FlowTag,
    meta: {} as FlowStateMeta,
  },
  actors: {
    signUp: missingActor<SignUpResult, EmailInput>('signUp', MACHINE),
    resendSignUpConfirmationEmail: missingActor<CodeSent, EmailInput>('resendSignUpConfirmationEmail', MACHINE),
    confirmSignUp: missingActor<ConfirmSignUpResult, ConfirmSignUpInput>('confirmSignUp', MACHINE),
  },
  guards: {
    isEmailWellFormed: ({ event }) => event.type === 'email.submit' && isWellFormedEmail(event.email),
    isConfirmationComplete: ({ event }) => event.type === 'confirmation.submit' && isConfirmationComplete(event.confirmation),
    canRetry: ({ context }) => context.error?.retryable === true,
    isResendQueued: ({ context }) => context.resendQueued,
  },
  actions: {
    clearError: assign({ error: undefined }),
    queueResend: assign({ resendQueued: true }),
    dropQueuedResend: assign({ resendQueued: false }),
    forgetCode: assign(() => ({ ...codeForgotten(), userId: undefined, error: undefined })),
  },
  delays: {
    resendCooldown: resendCooldownDelay(systemNow),
  },
}).createMachine({
  id: 'signUp',
  context: ({ input }) => ({ ...initialCodeContext(input), email: input?.email?.trim() ?? '' }),
  initial: 'enteringEmail',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as SignUpOutput,
  states: {
    enteringEmail: {
      initial: 'editing',
      on: {
        'email.submit': [
          { guard: 'isEmailWellFormed', target: 'signingUp', actions: assign({ email: ({ event }) => event.email.trim() }) },
          { target: '.failed', actions: assign({ error: () => invalidInputError('Enter a valid e-mail address.') }) },
        ],
      },
      states: {
        editing: {},
        failed: {
          tags: ['error'],
          on: { 'flow.retry': { guard: 'canRetry', target: '#signUp.signingUp' } },
        },
      },
    },
    signingUp: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringEmail' } },
      invoke: {
        id: 'signUp',
        src: 'signUp',
        input: ({ context }) => ({ email: context.email }),
        onDone: {
          target: 'awaitingConfirmation',
          actions: assign(({ context, event }) => ({ ...codeSent(context, event.output), userId: event.output.userId })),
        },
        onError: { target: 'enteringEmail.failed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
      },
    },
    awaitingConfirmation: {
      type: 'parallel',
      exit: 'dropQueuedResend',
      on: {
        'confirmation.submit': [
          { guard: 'isConfirmationComplete', target: 'confirming' },
          {
            target: '.feedback.failed',
            actions: assign({ error: () => invalidInputError('Enter the code, or the temporary and the new password.') }),
          },
        ],
        'email.change': { target: 'enteringEmail', actions: 'forgetCode' },
      },
      states: {
        resend: {
          initial: 'coolingDown',
          states: {
            coolingDown: {
              // A restored actor has no timer: drop the queue; `code.resend` re-arms the wake-up.
              meta: { persist: { reset: { resendQueued: false } } },
              after: {
                resendCooldown: [{ guard: 'isResendQueued', target: '#signUp.resending' }, { target: 'available' }],
              },
              // Re-arms the wake-up (lost when a snapshot is restored) and sends when it fires.
              on: { 'code.resend': { target: 'coolingDown', reenter: true, actions: 'queueResend' } },
            },
            available: { on: { 'code.resend': '#signUp.resending' } },
          },
        },
        feedback: {
          initial: 'idle',
          states: { idle: {}, failed: { tags: ['error'] } },
        },
      },
    },
    resending: {
      tags: ['busy'],
      entry: ['clearError', 'dropQueuedResend'],
      meta: { persist: { resumeAt: 'awaitingConfirmation' } },
      invoke: {
        id: 'resendSignUpConfirmationEmail',
        src: 'resendSignUpConfirmationEmail',
        input: ({ context }) => ({ email: context.email }),
        onDone: { target: 'awaitingConfirmation', actions: assign(({ context, event }) => codeSent(context, event.output)) },
        onError: {
          target: 'awaitingConfirmation.feedback.failed',
          actions: assign(({ context, event }) => resendFailed(context, toFlowError(event.error))),
        },
      },
    },
    confirming: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'awaitingConfirmation' } },
      invoke: {
        id: 'confirmSignUp',
        src: 'confirmSignUp',
        input: ({ context, event }) => {
          assertEvent(event, 'confirmation.submit');
          return { email: context.email, userId: context.userId, confirmation: event.confirmation };
        },
        onDone: { target: 'confirmed', actions: assign({ userId: ({ event }) => event.output.userId }) },
        onError: {
          target: 'awaitingConfirmation.feedback.failed',
          actions: assign({ error: ({ event }) => toFlowError(event.error) }),
        },
      },
    },
    confirmed: {
      type: 'final',
      output: ({ context }) => ({ status: 'confirmed' as const, userId: context.userId ?? '', email: context.email }),
    },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
