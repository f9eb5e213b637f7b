import type { SignUpConfirmation } from '../../services/flow.types.js';
import type { CodeSettingsInput } from '../shared/code-context.js';
import type { FlowError } from '../shared/flow-error.js';
import type {
  CodeContext,
  CodeResendEvent,
  EmailChangeEvent,
  EmailSubmitEvent,
  FlowCancelEvent,
  FlowRetryEvent,
} from '../shared/flow.types.js';

/** Input of `signUpMachine`. */
export interface SignUpInput extends CodeSettingsInput {
  /** Prefills the address. */
  email?: string;
}

/** Context of `signUpMachine`: no password, no code. */
export interface SignUpContext extends CodeContext {
  email: string;
  /** The new user's id, once `signUp` succeeded. */
  userId?: string;
  error?: FlowError;
}

/** Confirms the sign-up with the callback code or the temporary + new password (never kept). */
export interface ConfirmationSubmitEvent {
  type: 'confirmation.submit';
  confirmation: SignUpConfirmation;
}

/** Events of `signUpMachine`. */
export type SignUpEvent =
  | EmailSubmitEvent
  | EmailChangeEvent
  | CodeResendEvent
  | ConfirmationSubmitEvent
  | FlowRetryEvent
  | FlowCancelEvent;

/** Output of `signUpMachine`. */
export type SignUpOutput = { status: 'confirmed'; userId: string; email: string } | { status: 'cancelled' };
