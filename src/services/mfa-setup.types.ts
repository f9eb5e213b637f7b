import type { PromiseActorLogic } from 'xstate';
import type { MfaPreference, SoftwareTokenSecretCode } from '../api/types.js';
import type { CodeInput, EmptyInput } from './flow.types.js';
import type { FlowsApi } from './ports.js';

/** The operations the MFA (authenticator app) flow calls. */
export type MfaSetupApi = Pick<FlowsApi, 'getUserMfaPreference' | 'createSecretCode' | 'updateSoftwareToken' | 'updateUserMfaPreference'>;

/** The actors `mfaSetupMachine` invokes (invoke id = actor name = operation). */
export interface MfaSetupActors {
  getUserMfaPreference: PromiseActorLogic<MfaPreference, EmptyInput>;
  /** A fresh TOTP secret for the signed-in user (replaces a pending one). */
  createSecretCode: PromiseActorLogic<SoftwareTokenSecretCode, EmptyInput>;
  /** Registers the authenticator app with a code it shows. */
  updateSoftwareToken: PromiseActorLogic<void, CodeInput>;
  updateUserMfaPreference: PromiseActorLogic<void, MfaPreference>;
}
