import type { PromiseActorLogic } from 'xstate';
import type { Tenant } from '../../api/types.js';
import type { TemporaryPasswordSettings } from '../sign-up/confirmation.js';
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
import type { ConfirmationSubmitEvent, ConfirmSignUpInput, ConfirmSignUpResult, SignUpResult } from '../sign-up/sign-up.types.js';

/** A tenant the signed-in buyer may bind the subscription to (from `userinfo.tenants`). */
export interface TenantChoice {
  id: string;
  name: string;
}

/** Input of `awsMarketplaceSignUpMachine`. */
export interface AwsMarketplaceSignUpInput extends TemporaryPasswordSettings {
  /** The `registration_token` from the landing URL. Empty: the flow ends as `invalidToken`. */
  registrationToken: string;
  /** Prefills the address of a new buyer. */
  email?: string;
  /** Prefills the new tenant's name. */
  tenantName?: string;
  /**
   * Given when the buyer is already signed in (the session's `userinfo.tenants`): with tenants,
   * choose one to link the purchase to or create a new one; with none (`[]`), name the new tenant.
   */
  tenants?: TenantChoice[];
}

/** Context of `awsMarketplaceSignUpMachine`: no password, no code, no access token. */
export interface AwsMarketplaceSignUpContext extends CodeContext {
  registrationToken: string;
  email: string;
  userId?: string;
  tenantName: string;
  /** Set for an existing customer. */
  tenants?: TenantChoice[];
  /** The tenant chosen to link to. */
  tenantId?: string;
  /** The tenant created for a new buyer. */
  tenant?: Tenant;
  error?: FlowError;
}

/** Names the new tenant (may be empty: the server picks a name) and creates it. */
export interface TenantSubmitEvent {
  type: 'tenant.submit';
  name: string;
}

/** Links the purchase to one of the customer's tenants. */
export interface TenantChooseEvent {
  type: 'tenant.choose';
  tenantId: string;
}

/** A signed-in customer creates a new tenant for the purchase instead of choosing one. */
export interface TenantCreateEvent {
  type: 'tenant.create';
}

/** Events of `awsMarketplaceSignUpMachine`. */
export type AwsMarketplaceSignUpEvent =
  | EmailSubmitEvent
  | EmailChangeEvent
  | CodeResendEvent
  | ConfirmationSubmitEvent
  | TenantSubmitEvent
  | TenantChooseEvent
  | TenantCreateEvent
  | FlowRetryEvent
  | FlowCancelEvent;

/** Output of `awsMarketplaceSignUpMachine`. */
export type AwsMarketplaceSignUpOutput =
  | { status: 'tenantCreated'; tenant: Tenant }
  | { status: 'tenantLinked'; tenantId: string }
  | { status: 'invalidToken'; error: FlowError }
  | { status: 'cancelled' };

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

/** The actors `awsMarketplaceSignUpMachine` invokes (invoke id = actor name = operation): the contract its services implement. */
export interface AwsMarketplaceSignUpActors {
  /** Creates the user for the registration token; SaaSus mails a temporary password. */
  signUpWithAwsMarketplace: PromiseActorLogic<SignUpResult, MarketplaceSignUpInput>;
  /** Mails the temporary password again. */
  resendSignUpConfirmationEmail: PromiseActorLogic<CodeSent, EmailInput>;
  /** The app's first sign-in with the temporary password, as in the sign-up flow. */
  confirmSignUp: PromiseActorLogic<ConfirmSignUpResult, ConfirmSignUpInput>;
  /** Creates the tenant bound to the subscription, for the now signed-in new user. */
  confirmSignUpWithAwsMarketplace: PromiseActorLogic<Tenant, MarketplaceTenantInput>;
  /** Binds the subscription to an existing tenant of the signed-in user. */
  linkAwsMarketplace: PromiseActorLogic<void, MarketplaceLinkInput>;
}
