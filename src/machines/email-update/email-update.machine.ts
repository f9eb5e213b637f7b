import { assertEvent, assign, setup } from 'xstate';
import type { CodeInput, CodeSent } from '../../services/flow.types.js';
import type { EmailInput } from '../../services/sign-up.types.js';
import { codeForgotten, codeSent, initialCodeContext, resendFailed } from '../shared/code-context.js';
import { resendCooldownDelay, systemNow } from '../shared/deadlines.js';
import { invalidInputError, isDeadCodeError, toFlowError } from '../shared/flow-error.js';
import type { FlowStateMeta, FlowTag } from '../shared/flow.types.js';
import { missingActor } from '../shared/missing-actor.js';
import { isFilled, isWellFormedEmail } from '../shared/validation.js';
import type { EmailUpdateContext, EmailUpdateEvent, EmailUpdateInput, EmailUpdateOutput } from './email-update.types.js';

const MACHINE = 'emailUpdateMachine';

/**
 * The signed-in user changes their address (spec §5b): new address -> `requestEmailUpdate`
 * (code mailed, valid 24 h) -> code entry (resend with cooldown; a wrong code keeps the user
 * here with the attempts left) -> `confirmEmailUpdate` -> updated. An expired or exhausted code
 * leads to `codeExpired`, where `code.resend` requests a new one.
 */
export const emailUpdateMachine = setup({
  types: {
    context: {} as EmailUpdateContext,
    events: {} as EmailUpdateEvent,
    input: {} as EmailUpdateInput | undefined,
    output: {} as EmailUpdateOutput,
    tags: {} as FlowTag,
    meta: {} as FlowStateMeta,
  },
  actors: {
    requestEmailUpdate: missingActor<CodeSent, EmailInput>('requestEmailUpdate', MACHINE),
    confirmEmailUpdate: missingActor<void, CodeInput>('confirmEmailUpdate', MACHINE),
  },
  guards: {
    isEmailWellFormed: ({ event }) => event.type === 'email.submit' && isWellFormedEmail(event.email),
    isCodeFilled: ({ event }) => event.type === 'code.submit' && isFilled(event.code),
    isCodeDead: ({ event }) => 'error' in event && isDeadCodeError(toFlowError(event.error)),
    canRetry: ({ context }) => context.error?.retryable === true,
    isResendQueued: ({ context }) => context.resendQueued,
  },
  actions: {
    clearError: assign({ error: undefined }),
    queueResend: assign({ resendQueued: true }),
    dropQueuedResend: assign({ resendQueued: false }),
    forgetCode: assign(() => ({ ...codeForgotten(), error: undefined })),
  },
  delays: {
    resendCooldown: resendCooldownDelay(systemNow),
  },
}).createMachine({
  id: 'emailUpdate',
  context: ({ input }) => ({ ...initialCodeContext(input), email: input?.email?.trim() ?? '' }),
  initial: 'enteringEmail',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as EmailUpdateOutput,
  states: {
    enteringEmail: {
      initial: 'editing',
      on: {
        'email.submit': [
          { guard: 'isEmailWellFormed', target: 'requestingEmailUpdate', actions: assign({ email: ({ event }) => event.email.trim() }) },
          { target: '.failed', actions: assign({ error: () => invalidInputError('Enter a valid e-mail address.') }) },
        ],
      },
      states: {
        editing: {},
        failed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#emailUpdate.requestingEmailUpdate' } } },
      },
    },
    requestingEmailUpdate: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringEmail' } },
      invoke: {
        id: 'requestEmailUpdate',
        src: 'requestEmailUpdate',
        input: ({ context }) => ({ email: context.email }),
        onDone: { target: 'enteringCode', actions: assign(({ context, event }) => codeSent(context, event.output)) },
        onError: { target: 'enteringEmail.failed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
      },
    },
    enteringCode: {
      type: 'parallel',
      exit: 'dropQueuedResend',
      on: {
        'code.submit': [
          { guard: 'isCodeFilled', target: 'confirmingEmailUpdate' },
          { target: '.feedback.failed', actions: assign({ error: () => invalidInputError('Enter the code from the e-mail.') }) },
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
              after: { resendCooldown: [{ guard: 'isResendQueued', target: '#emailUpdate.resending' }, { target: 'available' }] },
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
        input: ({ context }) => ({ email: context.email }),
        onDone: { target: 'enteringCode', actions: assign(({ context, event }) => codeSent(context, event.output)) },
        onError: {
          target: 'enteringCode.feedback.failed',
          actions: assign(({ context, event }) => resendFailed(context, toFlowError(event.error))),
        },
      },
    },
    confirmingEmailUpdate: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringCode' } },
      invoke: {
        id: 'confirmEmailUpdate',
        src: 'confirmEmailUpdate',
        input: ({ event }) => {
          assertEvent(event, 'code.submit');
          return { code: event.code.trim() };
        },
        onDone: { target: 'updated' },
        onError: [
          { guard: 'isCodeDead', target: 'codeExpired', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
          { target: 'enteringCode.feedback.failed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
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
