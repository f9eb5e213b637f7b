import { setup } from 'xstate';
import type { ProviderInput } from '../../services/external-user-link.types.js';
import type { CodeInput, CodeSent, EmptyInput } from '../../services/flow.types.js';
import { initialCodeContext } from '../shared/code-context.js';
import { codeEntryDelays, mailedCodeStates } from '../shared/code-entry.states.js';
import { codeEntryActions } from '../shared/flow.actions.js';
import { canRetry, isCodeDead, isCodeFilled, isResendQueued } from '../shared/flow.guards.js';
import { flowTypes } from '../shared/flow.setup.js';
import { inFlight, retryFailed } from '../shared/flow.states.js';
import { sentCode } from '../shared/mappers.js';
import { missingActor } from '../shared/missing-actor.js';
import type {
  ExternalUserLinkContext,
  ExternalUserLinkEvent,
  ExternalUserLinkInput,
  ExternalUserLinkOutput,
} from './external-user-link.types.js';

const ID = 'externalUserLink';

/**
 * Links an external identity (Google) to the signed-in user (spec §5c), or removes the link:
 * `link.start` -> `requestExternalUserLink` (code mailed) -> code entry (resend with cooldown)
 * -> `confirmExternalUserLink` -> linked; `link.remove` -> `unlinkProvider` -> unlinked.
 */
export const externalUserLinkMachine = setup({
  types: flowTypes<ExternalUserLinkContext, ExternalUserLinkEvent, ExternalUserLinkInput | undefined, ExternalUserLinkOutput>(),
  actors: {
    requestExternalUserLink: missingActor<CodeSent, EmptyInput>(),
    confirmExternalUserLink: missingActor<void, CodeInput>(),
    unlinkProvider: missingActor<void, ProviderInput>(),
  },
  guards: { isCodeFilled, isCodeDead, canRetry, isResendQueued },
  actions: codeEntryActions<ExternalUserLinkContext, ExternalUserLinkEvent>(),
  delays: codeEntryDelays,
}).createMachine({
  id: ID,
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
        requestFailed: retryFailed(ID, 'requestingExternalUserLink'),
        unlinkFailed: retryFailed(ID, 'unlinkingProvider'),
      },
    },
    requestingExternalUserLink: {
      ...inFlight('choosingAction'),
      invoke: {
        id: 'requestExternalUserLink',
        src: 'requestExternalUserLink',
        input: {},
        onDone: { target: 'enteringCode', actions: { type: 'assignCodeSent', params: sentCode } },
        onError: { target: 'choosingAction.requestFailed', actions: 'assignError' },
      },
    },
    ...mailedCodeStates({
      machine: ID,
      request: 'requestingExternalUserLink',
      resend: { src: 'requestExternalUserLink', input: {} },
      confirming: 'confirmingExternalUserLink',
      confirm: 'confirmExternalUserLink',
      done: 'linked',
      changeEmail: false,
    }),
    unlinkingProvider: {
      ...inFlight('choosingAction'),
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
