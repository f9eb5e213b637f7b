export { signUpMachine } from './sign-up/index.js';
export type { SignUpInput, SignUpContext, SignUpEvent, SignUpOutput, ConfirmationSubmitEvent } from './sign-up/index.js';
export { emailUpdateMachine } from './email-update/index.js';
export type { EmailUpdateInput, EmailUpdateContext, EmailUpdateEvent, EmailUpdateOutput } from './email-update/index.js';
export { externalUserLinkMachine } from './external-user-link/index.js';
export type {
  ExternalUserLinkInput,
  ExternalUserLinkContext,
  ExternalUserLinkEvent,
  ExternalUserLinkOutput,
  LinkStartEvent,
  LinkRemoveEvent,
} from './external-user-link/index.js';
export { mfaSetupMachine } from './mfa-setup/index.js';
export type {
  MfaSetupInput,
  MfaSetupContext,
  MfaSetupEvent,
  MfaSetupOutput,
  EnrollmentRestartEvent,
  SecretHideEvent,
  MfaDisableEvent,
} from './mfa-setup/index.js';
export { awsMarketplaceSignUpMachine } from './aws-marketplace-sign-up/index.js';
export type {
  AwsMarketplaceSignUpInput,
  AwsMarketplaceSignUpContext,
  AwsMarketplaceSignUpEvent,
  AwsMarketplaceSignUpOutput,
  TenantChoice,
  TenantSubmitEvent,
  TenantChooseEvent,
} from './aws-marketplace-sign-up/index.js';
export {
  toFlowError,
  FlowConfigurationError,
  DEFAULT_CODE_TTL_MS,
  DEFAULT_RESEND_COOLDOWN_MS,
  remainingMs,
  resendCooldownDelay,
  persistFlow,
} from './shared/index.js';
export type {
  FlowError,
  FlowTag,
  FlowStateMeta,
  FlowPersistMeta,
  CodeContext,
  CodeSettingsInput,
  CodeDeadlines,
  FlowCancelEvent,
  FlowRetryEvent,
  EmailSubmitEvent,
  EmailChangeEvent,
  CodeSubmitEvent,
  CodeResendEvent,
} from './shared/index.js';
