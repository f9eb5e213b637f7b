export { mfaSetupMachine } from './mfa-setup.machine.js';
export type {
  MfaSetupInput,
  MfaSetupContext,
  MfaSetupEvent,
  MfaSetupOutput,
  EnrollmentRestartEvent,
  SecretHideEvent,
  MfaDisableEvent,
} from './mfa-setup.types.js';
