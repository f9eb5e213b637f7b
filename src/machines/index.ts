export { signUpMachine } from './sign-up/sign-up.machine.js';
export type {
  SignUpInput,
  AbandonedSignUp,
  SignUpContext,
  SignUpEvent,
  SignUpOutput,
  ConfirmationSubmitEvent,
  SignUpConfirmation,
  SignUpResult,
  ConfirmSignUpInput,
  ConfirmSignUpResult,
  SignUpActors,
} from './sign-up/sign-up.types.js';
export { DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS } from './sign-up/confirmation.js';
export type { TemporaryPasswordSettings } from './sign-up/confirmation.js';
export { emailUpdateMachine } from './email-update/email-update.machine.js';
export type { EmailUpdateInput, EmailUpdateContext, EmailUpdateEvent, EmailUpdateOutput, EmailUpdateActors } from './email-update/email-update.types.js';
export { externalUserLinkMachine } from './external-user-link/external-user-link.machine.js';
export type {
  ExternalUserLinkInput,
  ExternalUserLinkContext,
  ExternalUserLinkEvent,
  ExternalUserLinkOutput,
  LinkStartEvent,
  LinkRemoveEvent,
  ProviderInput,
  ExternalUserLinkActors,
} from './external-user-link/external-user-link.types.js';
export { mfaSetupMachine } from './mfa-setup/mfa-setup.machine.js';
export type {
  MfaSetupInput,
  MfaSetupContext,
  MfaSetupEvent,
  MfaSetupOutput,
  EnrollmentStartEvent,
  EnrollmentRestartEvent,
  SecretHideEvent,
  MfaDisableEvent,
  MfaSetupActors,
} from './mfa-setup/mfa-setup.types.js';
export { awsMarketplaceSignUpMachine } from './aws-marketplace-sign-up/aws-marketplace-sign-up.machine.js';
export type {
  AwsMarketplaceSignUpInput,
  AwsMarketplaceSignUpContext,
  AwsMarketplaceSignUpEvent,
  AwsMarketplaceSignUpOutput,
  TenantChoice,
  TenantSubmitEvent,
  TenantChooseEvent,
  TenantCreateEvent,
  MarketplaceSignUpInput,
  MarketplaceTenantInput,
  MarketplaceLinkInput,
  AwsMarketplaceSignUpActors,
} from './aws-marketplace-sign-up/aws-marketplace-sign-up.types.js';
export { tenantSignUpMachine } from './tenant-sign-up/tenant-sign-up.machine.js';
export type {
  TenantSignUpInput,
  TenantSignUpContext,
  TenantSignUpEvent,
  TenantSignUpOutput,
  SelfSignUpSubmitEvent,
  DetailsEditEvent,
  AttributeType,
  AttributeDefinition,
  AttributeValues,
  SelfSignUpDetails,
  SignedInUser,
  CreateTenantInput,
  CreateTenantUserInput,
  CreateTenantUserRolesInput,
  CreatedTenantUser,
  TenantSignUpActors,
} from './tenant-sign-up/tenant-sign-up.types.js';
export { toFlowError, FlowConfigurationError } from './shared/flow-error.js';
export type { FlowError } from './shared/flow-error.js';
export { DEFAULT_CODE_TTL_MS, DEFAULT_RESEND_COOLDOWN_MS, remainingMs } from './shared/deadlines.js';
export type { CodeDeadlines } from './shared/deadlines.js';
export type { CodeSettingsInput } from './shared/code-context.js';
export { persistFlow } from './shared/persist-flow.js';
export { isFlowEvent } from './shared/events.js';
export { restoreFlow } from './shared/restore-flow.js';
export type { FlowRestore } from './shared/restore-flow.js';
export type {
  FlowTag,
  FlowStateMeta,
  FlowPersistMeta,
  CodeContext,
  FlowCancelEvent,
  FlowRetryEvent,
  EmailSubmitEvent,
  EmailChangeEvent,
  CodeSubmitEvent,
  CodeResendEvent,
  CodeSent,
  CodeInput,
  EmptyInput,
  EmailInput,
} from './shared/flow.types.js';
export { messageFor, catalogues } from './shared/catalogue.js';
export type { FlowErrorCode, MessageCatalogue, FlowMessage, FlowMessageError, FlowLanguage } from './shared/catalogue.js';
