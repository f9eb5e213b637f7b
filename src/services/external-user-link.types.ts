import type { PromiseActorLogic } from 'xstate';
import type { ProviderName } from '../api/types.js';
import type { CodeInput, CodeSent, EmptyInput } from './flow.types.js';
import type { FlowsApi } from './ports.js';

/** The operations the external-identity link flow calls. */
export type ExternalUserLinkApi = Pick<FlowsApi, 'requestExternalUserLink' | 'confirmExternalUserLink' | 'unlinkProvider'>;

/** Input of `unlinkProvider`. */
export interface ProviderInput {
  provider: ProviderName;
}

/** The actors `externalUserLinkMachine` invokes (invoke id = actor name = operation). */
export interface ExternalUserLinkActors {
  /** Mails a code to the address of the signed-in user. */
  requestExternalUserLink: PromiseActorLogic<CodeSent, EmptyInput>;
  /** Confirms the code; the external identity is linked. */
  confirmExternalUserLink: PromiseActorLogic<void, CodeInput>;
  /** Removes the link to `provider` for the signed-in user. */
  unlinkProvider: PromiseActorLogic<void, ProviderInput>;
}
