export { createEmulator } from './emulator.js';
export { serveEmulator } from './serve.js';
export type { ServeOptions, ServedEmulator } from './serve.js';
export { defaultEmulatorCredentials } from './config.js';
export { EmulatorError, emulatorErrorStatus } from './errors.js';
export type { EmulatorErrorType } from './errors.js';
export { CONTROL_PREFIX } from './routes-control.js';
export type {
  Emulator,
  EmulatorClock,
  EmulatorControl,
  EmulatorCredentials,
  EmulatorPasswordPolicy,
  EmulatorOptions,
  Fault,
  FaultTarget,
  MailTemplate,
  OutboxMessage,
  RequestOutcome,
  RequestRecord,
  SeededUser,
  SeedUserInput,
  SignInResult,
} from './types.js';
export type { EmulatorState, UserRecord, UserStatus, TenantRecord, PendingCode, PendingSecret, RegistrationTokenRecord, Grant, SessionRecord } from './state.js';
export type { StatusMode } from './statuses.js';
