import { assertEvent, assign, setup } from 'xstate';
import type { ProviderInput } from '../../services/external-user-link.types.js';
import type { CodeInput, CodeSent, EmptyInput } from '../../services/flow.types.js';
import { codeSent, initialCodeContext, resendFailed } from '../shared/code-context.js';
import { resendCooldownDelay, systemNow } from '../shared/deadlines.js';
import { invalidInputError, isDeadCodeError, toFlowError } from '../shared/flow-error.js';
import type { FlowStateMeta, FlowTag } from '../shared/flow.types.js';
import { missingActor } from '../shared/missing-actor.js';
import { isFilled } from '../shared/validation.js';
import type {
  ExternalUserLinkContext,
  ExternalUserLinkEvent,
  ExternalUserLinkInput,
  ExternalUserLinkOutput,
} from './external-user-link.types.js';

const MACHINE = 'externalUserLinkMachine';

/**
 * Links an external identity (Google) to the signed-in user (spec §5c), or removes the link:
 * `link.start` -> `requestExternalUserLink` (code mailed) -> code entry (resend with cooldown)
 * -> `confirmExternalUserLink` -> linked; `link.remove` -> `unlinkProvider` -> unlinked.
 */
export const externalUserLinkMachine = setup({
  types: {
    context: {} as ExternalUserLinkContext,
    events: {} as ExternalUserLinkEvent,
    input: {} as ExternalUserLinkInput | undefined,
    output: {} as ExternalUserLinkOutput,
    tags: {} as FlowTag,
    meta: {} as FlowStateMeta,
  },
  actors: {
    requestExternalUserLink: missingActor<CodeSent, EmptyInput>('requestExternalUserLink', MACHINE),
    confirmExternalUserLink: missingActor<void, CodeInput>('confirmExternalUserLink', MACHINE),
    unlinkProvider: missingActor<void, ProviderInput>('unlinkProvider', MACHINE),
  },
  guards: {
    isCodeFilled: ({ event }) => event.type === 'code.submit' && isFilled(event.code),
    isCodeDead: ({ event }) => 'error' in event && isDeadCodeError(toFlowError(event.error)),
    canRetry: ({ context }) => context.error?.retryable === true,
    isResendQueued: ({ context }) => context.resendQueued,
  },
  actions: {
    clearError: assign({ error: undefined }),
    queueResend: assign({ resendQueued: true }),
    dropQueuedResend: assign({ resendQueued: false }),
  },
  delays: {
    resendCooldown: resendCooldownDelay(systemNow),
  },
}).createMachine({
  id: 'externalUserLink',
  context: ({ input }) => ({ ...initialCodeContext(input), provider: input?.provider ?? 'Google' }),
  initial: 'choosingAction',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as ExternalUserLinkOutput,
  states: {
    choosingAction: {
      initial: 'idle',
      on: { 'link.start': 'requestingExternalUserLink', 'link.remove': 'unlinkingProvider' },
      states: {
        idle: {},
        requestFailed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#externalUserLink.requestingExternalUserLink' } } },
        unlinkFailed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#externalUserLink.unlinkingProvider' } } },
      },
    },
    requestingExternalUserLink: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'choosingAction' } },
      invoke: {
        id: 'requestExternalUserLink',
        src: 'requestExternalUserLink',
        input: {},
        onDone: { target: 'enteringCode', actions: assign(({ context, event }) => codeSent(context, event.output)) },
        onError: { target: 'choosingAction.requestFailed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
      },
    },
    enteringCode: {
      type: 'parallel',
      exit: 'dropQueuedResend',
      on: {
        'code.submit': [
          { guard: 'isCodeFilled', target: 'confirmingExternalUserLink' },
          { target: '.feedback.failed', actions: assign({ error: () => invalidInputError('Enter the code from the e-mail.') }) },
        ],
      },
      states: {
        resend: {
          initial: 'coolingDown',
          states: {
            coolingDown: {
              // A restored actor has no timer: drop the queue; `code.resend` re-arms the wake-up.
              meta: { persist: { reset: { resendQueued: false } } },
              after: { resendCooldown: [{ guard: 'isResendQueued', target: '#externalUserLink.resending' }, { target: 'available' }] },
              on: { 'code.resend': { target: 'coolingDown', reenter: true, actions: 'queueResend' } },
            },
            available: { on: { 'code.resend': '#externalUserLink.resending' } },
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
        id: 'requestExternalUserLink',
        src: 'requestExternalUserLink',
        input: {},
        onDone: { target: 'enteringCode', actions: assign(({ context, event }) => codeSent(context, event.output)) },
        onError: {
          target: 'enteringCode.feedback.failed',
          actions: assign(({ context, event }) => resendFailed(context, toFlowError(event.error))),
        },
      },
    },
    confirmingExternalUserLink: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringCode' } },
      invoke: {
        id: 'confirmExternalUserLink',
        src: 'confirmExternalUserLink',
        input: ({ event }) => {
          assertEvent(event, 'code.submit');
          return { code: event.code.trim() };
        },
        onDone: { target: 'linked' },
        onError: [
          { guard: 'isCodeDead', target: 'codeExpired', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
          { target: 'enteringCode.feedback.failed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
        ],
      },
    },
    codeExpired: {
      tags: ['error'],
      on: { 'code.resend': 'requestingExternalUserLink' },
    },
    unlinkingProvider: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'choosingAction' } },
      invoke: {
        id: 'unlinkProvider',
        src: 'unlinkProvider',
        input: ({ context }) => ({ provider: context.provider }),
        onDone: { target: 'unlinked' },
        onError: { target: 'choosingAction.unlinkFailed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
      },
    },
    linked: { type: 'final', output: ({ context }) => ({ status: 'linked' as const, provider: context.provider }) },
    unlinked: { type: 'final', output: ({ context }) => ({ status: 'unlinked' as const, provider: context.provider }) },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
