export type { FlowsApi, FlowOperationName, UserSession } from './ports.js';
export { SESSION_FROM_BACKEND } from './ports.js';
export type {
  SessionProvider,
  ConfirmSignUp,
  FlowServicesOptions,
  AllFlowsOptions,
  WithSession,
  WithConfirmSignUp,
  SessionFromBackendApi,
  FlowNamesFor,
} from './flow.types.js';
export { signUpActors } from './sign-up.actors.js';
export type { SignUpApi } from './sign-up.actors.js';
export { emailUpdateActors } from './email-update.actors.js';
export type { EmailUpdateApi } from './email-update.actors.js';
export { externalUserLinkActors } from './external-user-link.actors.js';
export type { ExternalUserLinkApi } from './external-user-link.actors.js';
export { mfaSetupActors } from './mfa-setup.actors.js';
export type { MfaSetupApi } from './mfa-setup.actors.js';
export { awsMarketplaceSignUpActors } from './aws-marketplace-sign-up.actors.js';
export type { AwsMarketplaceSignUpApi } from './aws-marketplace-sign-up.actors.js';
export type { TenantSignUpApi, SelfSignUpApi, TenantSignUpPort, SelfSignUpForm, SelfSignUpRequest, SelfSignUpResult } from './tenant-sign-up.actors.js';
export { createSaasusFlows } from './create-saasus-flows.js';
export type { SaasusFlows, SaasusFlowsFor } from './create-saasus-flows.js';
