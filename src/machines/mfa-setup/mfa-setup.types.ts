import type { PromiseActorLogic } from 'xstate';
import type { MfaMethod, MfaPreference, SoftwareTokenSecretCode } from '../../api/types.js';
import type { FlowError } from '../shared/flow-error.js';
import type { CodeInput, CodeSubmitEvent, EmptyInput, FlowCancelEvent, FlowRetryEvent } from '../shared/flow.types.js';

/** Input of `mfaSetupMachine`: what the authenticator app shows for the key. */
export interface MfaSetupInput {
  /** Usually the user's e-mail address (the otpauth label). */
  accountName?: string;
  /** Default left to the URI builder (`SaaSusPlatform`). */
  issuer?: string;
}

/**
 * Context of `mfaSetupMachine`. `secret` is set only in `showingSecret` (build the otpauth URI
 * and QR from `secret`, `accountName`, `issuer` with `saasus-flows/mfa`) and is cleared when
 * leaving it; {@link persistFlow} never saves it.
 */
export interface MfaSetupContext {
  accountName: string;
  issuer?: string;
  secret?: string;
  /** The method of an enabled MFA preference. */
  method?: MfaMethod;
  error?: FlowError;
}

/** The user asks to add an authenticator app: creates the secret (never done on load). */
export interface EnrollmentStartEvent {
  type: 'enrollment.start';
}

/** Discards the current secret and asks for a new one. */
export interface EnrollmentRestartEvent {
  type: 'enrollment.restart';
}

/** Hides the secret once the authenticator app has it; the code is asked for without it. */
export interface SecretHideEvent {
  type: 'secret.hide';
}

/** Turns MFA off (offered when it is on). */
export interface MfaDisableEvent {
  type: 'mfa.disable';
}

/** Events of `mfaSetupMachine`. */
export type MfaSetupEvent = CodeSubmitEvent | EnrollmentStartEvent | EnrollmentRestartEvent | SecretHideEvent | MfaDisableEvent | FlowRetryEvent | FlowCancelEvent;

/** Output of `mfaSetupMachine`. */
export type MfaSetupOutput = { status: 'enabled'; method: 'softwareToken' } | { status: 'disabled' } | { status: 'cancelled' };

/** The actors `mfaSetupMachine` invokes (invoke id = actor name = operation): the contract its services implement. */
export interface MfaSetupActors {
  /** Reads whether MFA is on, and with which method. */
  getUserMfaPreference: PromiseActorLogic<MfaPreference, EmptyInput>;
  /** A fresh TOTP secret for the signed-in user (replaces a pending one). */
  createSecretCode: PromiseActorLogic<SoftwareTokenSecretCode, EmptyInput>;
  /** Registers the authenticator app with a code it shows. */
  updateSoftwareToken: PromiseActorLogic<void, CodeInput>;
  /** Turns MFA on or off. */
  updateUserMfaPreference: PromiseActorLogic<void, MfaPreference>;
}
