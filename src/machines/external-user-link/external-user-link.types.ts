import type { PromiseActorLogic } from 'xstate';
import type { ProviderName } from '../../api/types.js';
import type { CodeSettingsInput } from '../shared/code-context.js';
import type { FlowError } from '../shared/flow-error.js';
import type {
  CodeContext,
  CodeInput,
  CodeResendEvent,
  CodeSent,
  CodeSubmitEvent,
  EmptyInput,
  FlowCancelEvent,
  FlowRetryEvent,
} from '../shared/flow.types.js';

/** Input of `externalUserLinkMachine`. */
export interface ExternalUserLinkInput extends CodeSettingsInput {
  /** The external identity provider. Default `Google` (the only one SaaSus has). */
  provider?: ProviderName;
}

/** Context of `externalUserLinkMachine`: never the code. */
export interface ExternalUserLinkContext extends CodeContext {
  provider: ProviderName;
  error?: FlowError;
}

/** Starts linking: a code is mailed to the signed-in user's address. */
export interface LinkStartEvent {
  type: 'link.start';
}

/** Removes the link to the provider (`unlinkProvider`). */
export interface LinkRemoveEvent {
  type: 'link.remove';
}

/** Events of `externalUserLinkMachine`. */
export type ExternalUserLinkEvent =
  | LinkStartEvent
  | LinkRemoveEvent
  | CodeSubmitEvent
  | CodeResendEvent
  | FlowRetryEvent
  | FlowCancelEvent;

/** Output of `externalUserLinkMachine`. */
export type ExternalUserLinkOutput =
  | { status: 'linked'; provider: ProviderName }
  | { status: 'unlinked'; provider: ProviderName }
  | { status: 'cancelled' };

/** Input of `unlinkProvider`. */
export interface ProviderInput {
  provider: ProviderName;
}

/** The actors `externalUserLinkMachine` invokes (invoke id = actor name = operation): the contract its services implement. */
export interface ExternalUserLinkActors {
  /** Mails a code to the address of the signed-in user. */
  requestExternalUserLink: PromiseActorLogic<CodeSent, EmptyInput>;
  /** Confirms the code; the external identity is linked. */
  confirmExternalUserLink: PromiseActorLogic<void, CodeInput>;
  /** Removes the link to `provider` for the signed-in user. */
  unlinkProvider: PromiseActorLogic<void, ProviderInput>;
}
