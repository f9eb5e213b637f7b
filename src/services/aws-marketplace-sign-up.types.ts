import type { PromiseActorLogic } from 'xstate';
import type { Tenant } from '../api/types.js';
import type { CodeSent, ConfirmSignUpInput, ConfirmSignUpResult } from './flow.types.js';
import type { FlowsApi } from './ports.js';
import type { EmailInput, SignUpResult } from './sign-up.types.js';

/** The operations the AWS Marketplace flow calls. */
export type AwsMarketplaceSignUpApi = Pick<
  FlowsApi,
  'signUpWithAwsMarketplace' | 'resendSignUpConfirmationEmail' | 'confirmSignUpWithAwsMarketplace' | 'linkAwsMarketplace'
>;

/** Input of `signUpWithAwsMarketplace`. */
export interface MarketplaceSignUpInput {
  email: string;
  registrationToken: string;
}

/** Input of `confirmSignUpWithAwsMarketplace`: the new tenant's name is optional. */
export interface MarketplaceTenantInput {
  registrationToken: string;
  tenantName?: string;
}

/** Input of `linkAwsMarketplace`. */
export interface MarketplaceLinkInput {
  registrationToken: string;
  tenantId: string;
}

/** The actors `awsMarketplaceSignUpMachine` invokes (invoke id = actor name = operation). */
export interface AwsMarketplaceSignUpActors {
  signUpWithAwsMarketplace: PromiseActorLogic<SignUpResult, MarketplaceSignUpInput>;
  resendSignUpConfirmationEmail: PromiseActorLogic<CodeSent, EmailInput>;
  confirmSignUp: PromiseActorLogic<ConfirmSignUpResult, ConfirmSignUpInput>;
  /** Creates the tenant bound to the subscription, for the now signed-in new user. */
  confirmSignUpWithAwsMarketplace: PromiseActorLogic<Tenant, MarketplaceTenantInput>;
  /** Binds the subscription to an existing tenant of the signed-in user. */
  linkAwsMarketplace: PromiseActorLogic<void, MarketplaceLinkInput>;
}
