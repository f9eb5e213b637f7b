import type { ProviderName } from '../../api/types.js';
import type { CodeSettingsInput } from '../shared/code-context.js';
import type { FlowError } from '../shared/flow-error.js';
import type { CodeContext, CodeResendEvent, CodeSubmitEvent, FlowCancelEvent, FlowRetryEvent } from '../shared/flow.types.js';

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
