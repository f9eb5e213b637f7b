/**
 * Wire models of the SaaSus Auth API `SaasUserApi` (baseline: JS SDK v1.11.1).
 * Field names are the wire names (snake_case).
 */

/** Free-form attribute object (`additionalProperties: true`). */
export type Attributes = Record<string, unknown>;

/** A SaaS user: id, e-mail address and SaaS-level attributes. */
export interface SaasUser {
  id: string;
  email: string;
  attributes: Attributes;
  /** Newest spec only: empty string for e-mail users. */
  sign_in_id?: string;
}

/** `{ users: SaasUser[] }`: every SaaS user of the SaaS. */
export interface SaasUsers {
  users: SaasUser[];
}

export interface CreateSaasUserParam {
  email: string;
  password?: string;
}

export interface SignUpParam {
  email: string;
}

export interface ResendSignUpConfirmationEmailParam {
  email: string;
}

export interface SignUpWithAwsMarketplaceParam {
  email: string;
  registration_token: string;
}

export interface ConfirmSignUpWithAwsMarketplaceParam {
  tenant_name?: string;
  access_token: string;
  registration_token: string;
}

export interface LinkAwsMarketplaceParam {
  tenant_id: string;
  access_token: string;
  registration_token: string;
}

export interface RequestEmailUpdateParam {
  /** The NEW address. */
  email: string;
  access_token: string;
}

export interface ConfirmEmailUpdateParam {
  code: string;
  access_token: string;
}

export interface RequestExternalUserLinkParam {
  access_token: string;
}

export interface ConfirmExternalUserLinkParam {
  access_token: string;
  code: string;
}

export interface CreateSecretCodeParam {
  access_token: string;
}

export interface UpdateSoftwareTokenParam {
  access_token: string;
  verification_code: string;
}

export interface UpdateSaasUserEmailParam {
  email: string;
}

export interface UpdateSaasUserPasswordParam {
  password: string;
  /** Newest spec: a one-time password that must be changed at next sign-in. */
  temporary?: boolean;
}

export interface UpdateSaasUserAttributesParam {
  attributes: Attributes;
}

/** MFA method; `email` (a code mailed at each sign-in) was added in 2026. */
export type MfaMethod = 'softwareToken' | 'email';

/** MFA preference; `method` must be present when `enabled` is true. */
export interface MfaPreference {
  enabled: boolean;
  method?: MfaMethod;
}

/** `{ secret_code }`: the base32 TOTP shared secret that goes into an `otpauth://` URI. */
export interface SoftwareTokenSecretCode {
  secret_code: string;
}

export type ProrationBehavior = 'create_prorations' | 'none' | 'always_invoice';
export type InvoiceLanguage = 'ja-JP' | 'en-US';
export type ProviderName = 'Google';

export interface BillingAddress {
  street: string;
  city: string;
  state: string;
  country: string;
  postal_code: string;
  additional_address_info?: string;
}

export interface BillingInfo {
  name: string;
  address: BillingAddress;
  invoice_language: InvoiceLanguage;
}

export interface PlanHistory {
  plan_id: string;
  plan_applied_at: number;
  tax_rate_id?: string;
  proration_behavior?: ProrationBehavior;
  delete_usage?: boolean;
}

/** A tenant, as returned by `confirmSignUpWithAwsMarketplace`. */
export interface Tenant {
  id: string;
  name: string;
  attributes: Attributes;
  back_office_staff_email: string;
  plan_histories: PlanHistory[];
  plan_id?: string;
  billing_info?: BillingInfo;
  next_plan_id?: string;
  using_next_plan_from?: number;
  next_plan_tax_rate_id?: string;
  proration_behavior?: ProrationBehavior;
  delete_usage?: boolean;
}

export interface UserAvailableEnv {
  id: number;
  name: string;
  display_name: string;
  roles: { role_name: string; display_name: string }[];
}

export interface UserAvailableTenant {
  id: string;
  name: string;
  completed_sign_up: boolean;
  envs: UserAvailableEnv[];
  user_attribute: Attributes;
  back_office_staff_email: string;
  plan_id?: string;
  is_paid?: boolean;
}

/** `GET /userinfo` shape; the newest spec also returns it from `deleteSaasUser`. */
export interface UserInfo {
  id: string;
  email: string;
  sign_in_id?: string;
  user_attribute: Attributes;
  tenants: UserAvailableTenant[];
}

/** Result of `GET /v1/auth/credentials?code=…`: the tokens the callback code is exchanged for. */
export interface Credentials {
  id_token: string;
  access_token: string;
  refresh_token: string;
}

/** SaaSus error body `{type, message, data?}` (`ModelError` in the official SDKs). */
export interface ErrorBody {
  type: string;
  message: string;
  data?: Record<string, unknown>;
}
