export type { FlowsApi, FlowOperationName, UserSession } from './ports.js';
export { SESSION_FROM_BACKEND } from './ports.js';
export type {
  SessionProvider,
  CodeSent,
  SignUpConfirmation,
  ConfirmSignUpInput,
  ConfirmSignUpResult,
  ConfirmSignUp,
  FlowServicesOptions,
  EmptyInput,
  CodeInput,
} from './flow.types.js';
export { signUpActors } from './sign-up.service.js';
export type { SignUpApi, EmailInput, SignUpResult, SignUpActors } from './sign-up.types.js';
export { emailUpdateActors } from './email-update.service.js';
export type { EmailUpdateApi, EmailUpdateActors } from './email-update.types.js';
export { externalUserLinkActors } from './external-user-link.service.js';
export type { ExternalUserLinkApi, ExternalUserLinkActors, ProviderInput } from './external-user-link.types.js';
export { mfaSetupActors } from './mfa-setup.service.js';
export type { MfaSetupApi, MfaSetupActors } from './mfa-setup.types.js';
export { awsMarketplaceSignUpActors } from './aws-marketplace-sign-up.service.js';
export type {
  AwsMarketplaceSignUpApi,
  AwsMarketplaceSignUpActors,
  MarketplaceSignUpInput,
  MarketplaceTenantInput,
  MarketplaceLinkInput,
} from './aws-marketplace-sign-up.types.js';
export { createSaasusFlows } from './create-saasus-flows.js';
export type { SaasusFlows } from './create-saasus-flows.js';
