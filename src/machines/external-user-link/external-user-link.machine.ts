import { setup } from 'xstate';
import { CODE_MESSAGE } from '../../api/validation.js';
import { initialCodeContext } from '../shared/code-context.js';
import { resendCooldown } from '../shared/deadlines.js';
import { codeEntryActions } from '../shared/flow.actions.js';
import { canRetry, isCodeDead, isCodeFilled, isResendQueued } from '../shared/flow.guards.js';
import type { FlowTypes } from '../shared/flow.types.js';
import { sentCode, submittedCode } from '../shared/mappers.js';
import { missingActor } from '../shared/missing-actor.js';
import type {
  ExternalUserLinkActors,
  ExternalUserLinkContext,
  ExternalUserLinkEvent,
  ExternalUserLinkInput,
  ExternalUserLinkOutput,
} from './external-user-link.types.js';

/**
 * Links an external identity (Google) to the signed-in user, or removes the link:
 * `link.start` -> `requestExternalUserLink` (a code is mailed to the user's address) -> code
 * entry (resend with cooldown) -> `confirmExternalUserLink` -> linked; `link.remove` ->
 * `unlinkProvider` -> unlinked.
 *
 * States with a request in flight are tagged `busy` and saved by `persistFlow` as the step the
 * request was sent from (`meta.persist.resumeAt`). The `resendCooldown` delay only wakes the
 * machine: the deadline is `resendAvailableAt` in context; a `code.resend` during the cooldown
 * is queued and sent when it ends.
 */
export const externalUserLinkMachine = setup({
  types: {} as FlowTypes<ExternalUserLinkContext, ExternalUserLinkEvent, ExternalUserLinkInput | undefined, ExternalUserLinkOutput>,
  actors: {
    requestExternalUserLink: missingActor(),
    confirmExternalUserLink: missingActor(),
    unlinkProvider: missingActor(),
  } satisfies ExternalUserLinkActors,
  guards: { isCodeFilled, isCodeDead, canRetry, isResendQueued },
  actions: codeEntryActions<ExternalUserLinkContext, ExternalUserLinkEvent>(),
  delays: { resendCooldown },
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
        onDone: { target: 'enteringCode', actions: { type: 'assignCodeSent', params: sentCode } },
        onError: { target: 'choosingAction.requestFailed', actions: 'assignError' },
      },
    },
    enteringCode: {
      type: 'parallel',
      exit: 'dropQueuedResend',
      on: {
        'code.submit': [
          { guard: 'isCodeFilled', target: 'confirmingExternalUserLink' },
          { target: '.feedback.failed', actions: { type: 'assignInvalidInput', params: CODE_MESSAGE } },
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
              // Re-arms the wake-up (lost when a snapshot is restored) and sends when it fires.
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
        onDone: { target: 'enteringCode', actions: { type: 'assignCodeSent', params: sentCode } },
        onError: { target: 'enteringCode.feedback.failed', actions: 'assignResendFailed' },
      },
    },
    confirmingExternalUserLink: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringCode' } },
      invoke: {
        id: 'confirmExternalUserLink',
        src: 'confirmExternalUserLink',
        input: submittedCode,
        onDone: { target: 'linked' },
        onError: [
          { guard: 'isCodeDead', target: 'codeExpired', actions: 'assignError' },
          { target: 'enteringCode.feedback.failed', actions: 'assignError' },
        ],
      },
    },
    codeExpired: { tags: ['error'], on: { 'code.resend': 'requestingExternalUserLink' } },
    unlinkingProvider: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'choosingAction' } },
      invoke: {
        id: 'unlinkProvider',
        src: 'unlinkProvider',
        input: ({ context }) => ({ provider: context.provider }),
        onDone: { target: 'unlinked' },
        onError: { target: 'choosingAction.unlinkFailed', actions: 'assignError' },
      },
    },
    linked: { type: 'final', output: ({ context }) => ({ status: 'linked' as const, provider: context.provider }) },
    unlinked: { type: 'final', output: ({ context }) => ({ status: 'unlinked' as const, provider: context.provider }) },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
