import type { PromiseActorLogic } from 'xstate';
import type { CodeInput, CodeSent } from './flow.types.js';
import type { FlowsApi } from './ports.js';
import type { EmailInput } from './sign-up.types.js';

/** The operations the e-mail update flow calls (both need the user's session). */
export type EmailUpdateApi = Pick<FlowsApi, 'requestEmailUpdate' | 'confirmEmailUpdate'>;

/** The actors `emailUpdateMachine` invokes (invoke id = actor name = operation). */
export interface EmailUpdateActors {
  /** Mails a code to the new address `email`. */
  requestEmailUpdate: PromiseActorLogic<CodeSent, EmailInput>;
  /** Confirms the mailed code; the address changes. */
  confirmEmailUpdate: PromiseActorLogic<void, CodeInput>;
}
