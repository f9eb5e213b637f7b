import type { PromiseActorLogic } from 'xstate';
import type { TemporaryPasswordSettings } from './confirmation.js';
import type { FlowError } from '../shared/flow-error.js';
import type {
  CodeContext,
  CodeResendEvent,
  CodeSent,
  EmailChangeEvent,
  EmailInput,
  EmailSubmitEvent,
  FlowCancelEvent,
  FlowRetryEvent,
} from '../shared/flow.types.js';

/** Input of `signUpMachine`. */
export interface SignUpInput extends TemporaryPasswordSettings {
  /** Prefills the address. */
  email?: string;
}

/** Context of `signUpMachine`: no password, no code. */
export interface SignUpContext extends CodeContext {
  email: string;
  /** The new user's id, once `signUp` succeeded. */
  userId?: string;
  /**
   * Sign-ups left behind by `email.change` after `signUp` succeeded: each is an unconfirmed
   * SaaS user on SaaSus that the back end may remove with `deleteSaasUser(userId)`.
   */
  abandonedSignUps: AbandonedSignUp[];
  error?: FlowError;
}

/** An unconfirmed sign-up the user walked away from by changing the address. */
export interface AbandonedSignUp {
  email: string;
  userId: string;
}

/**
 * How the new user proves the mailed temporary password: the `code` the app's callback got
 * from the hosted login page (where the new password was set), or the temporary and new
 * passwords where the app runs its own login.
 */
export type SignUpConfirmation =
  | { method: 'callbackCode'; code: string }
  | { method: 'newPassword'; temporaryPassword: string; newPassword: string };

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
export type SignUpOutput =
  | { status: 'confirmed'; userId: string; email: string; abandonedSignUps?: AbandonedSignUp[] }
  | { status: 'cancelled'; abandonedSignUps?: AbandonedSignUp[] };

/** What `signUp` reports: the new user's id and when the temporary password was mailed. */
export interface SignUpResult extends CodeSent {
  userId: string;
}

/** Input of the `confirmSignUp` actor. */
export interface ConfirmSignUpInput {
  email: string;
  /** The id `signUp` returned, when known. */
  userId?: string;
  confirmation: SignUpConfirmation;
}

/** What `confirmSignUp` resolves with. Credentials stay with the app, never in the machine. */
export interface ConfirmSignUpResult {
  userId: string;
}

/** The actors `signUpMachine` invokes (invoke id = actor name = operation): the contract its services implement. */
export interface SignUpActors {
  /** Creates the user; SaaSus mails a temporary password. */
  signUp: PromiseActorLogic<SignUpResult, EmailInput>;
  /** Mails the temporary password again. */
  resendSignUpConfirmationEmail: PromiseActorLogic<CodeSent, EmailInput>;
  /** The app's first sign-in with the temporary password (SaaSus has no confirm operation). */
  confirmSignUp: PromiseActorLogic<ConfirmSignUpResult, ConfirmSignUpInput>;
}
