import type { PromiseActorLogic } from 'xstate';
import type { CodeSettingsInput } from '../shared/code-context.js';
import type { FlowError } from '../shared/flow-error.js';
import type {
  CodeContext,
  CodeInput,
  CodeResendEvent,
  CodeSent,
  CodeSubmitEvent,
  EmailChangeEvent,
  EmailInput,
  EmailSubmitEvent,
  FlowCancelEvent,
  FlowRetryEvent,
} from '../shared/flow.types.js';

/** Input of `emailUpdateMachine`. */
export interface EmailUpdateInput extends CodeSettingsInput {
  /** Prefills the new address. */
  email?: string;
}

/** Context of `emailUpdateMachine`: the new address and the code's deadlines, never the code. */
export interface EmailUpdateContext extends CodeContext {
  /** The new address. */
  email: string;
  error?: FlowError;
}

/** Events of `emailUpdateMachine`. */
export type EmailUpdateEvent =
  | EmailSubmitEvent
  | EmailChangeEvent
  | CodeSubmitEvent
  | CodeResendEvent
  | FlowRetryEvent
  | FlowCancelEvent;

/** Output of `emailUpdateMachine`. */
export type EmailUpdateOutput = { status: 'updated'; email: string } | { status: 'cancelled' };

/** The actors `emailUpdateMachine` invokes (invoke id = actor name = operation): the contract its services implement. */
export interface EmailUpdateActors {
  /** Mails a code to the new address `email`. */
  requestEmailUpdate: PromiseActorLogic<CodeSent, EmailInput>;
  /** Confirms the mailed code; the address changes. */
  confirmEmailUpdate: PromiseActorLogic<void, CodeInput>;
}
