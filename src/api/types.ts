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

/*
 * The tenant part of the Auth API (TenantApi, TenantUserApi, RoleApi, UserAttributeApi,
 * TenantAttributeApi, EnvApi, InvitationApi): what SaaSus's sample apps call to onboard a user
 * into a tenant and manage its users.
 */

/** Type of an attribute value; a `date` is a `YYYY-MM-DD` string. */
export type AttributeType = 'string' | 'number' | 'bool' | 'date';

/** An attribute definition (of tenants or of tenant users), as the SaaS development console defines it. */
export interface Attribute {
  attribute_name: string;
  display_name: string;
  attribute_type: AttributeType;
}

/** `{ user_attributes }`: the user attribute definitions. */
export interface UserAttributes {
  user_attributes: Attribute[];
}

/** `{ tenant_attributes }`: the tenant attribute definitions. */
export interface TenantAttributes {
  tenant_attributes: Attribute[];
}

/** A role of the SaaS; a tenant user holds roles per env. */
export interface Role {
  role_name: string;
  display_name: string;
}

/** `{ roles }`: the SaaS's roles. */
export interface Roles {
  roles: Role[];
}

/** An env of the SaaS (a new SaaS has three: ids 1, 2 and 3, 3 being production). */
export interface Env {
  id: number;
  name: string;
  display_name?: string;
}

/** `{ envs }`. */
export interface Envs {
  envs: Env[];
}

/** `{ tenants }`: every tenant. */
export interface Tenants {
  tenants: Tenant[];
}

/** `getTenant`'s answer: the tenant with its current plan period, when it has a plan. */
export interface TenantDetail extends Tenant {
  current_plan_period_start?: number;
  current_plan_period_end?: number;
}

/** Body of `createTenant` and `updateTenant` (`TenantProps`). */
export interface TenantProps {
  name: string;
  /** Values of the tenant attributes the SaaS defined, typed as their definitions say. */
  attributes: Attributes;
  back_office_staff_email: string;
}

/** A tenant user (`User` in the SDKs): a SaaS user's membership of one tenant, with roles per env. */
export interface TenantUser {
  id: string;
  tenant_id: string;
  tenant_name: string;
  email: string;
  sign_in_id?: string;
  /** Values of the user attributes the SaaS defined. */
  attributes: Attributes;
  envs: UserAvailableEnv[];
}

/** The SDKs' name for {@link TenantUser}. */
export type User = TenantUser;

/** `{ users }`: the users of one tenant. */
export interface TenantUsers {
  users: TenantUser[];
}

/** Body of `createTenantUser`: the address of an EXISTING SaaS user and their attribute values. */
export interface CreateTenantUserParam {
  email: string;
  attributes: Attributes;
}

/** Body of `updateTenantUser`. */
export interface UpdateTenantUserParam {
  attributes: Attributes;
}

/** Body of `createTenantUserRoles`: role names to add in the path's env. */
export interface CreateTenantUserRolesParam {
  role_names: string[];
}

/** Body of `createRole`. */
export type CreateRoleParam = Role;

/** Env and roles an invitee gets on accepting. */
export interface InvitedUserEnv {
  id: number;
  role_names: string[];
}

/** Body of `createTenantInvitation`. */
export interface CreateTenantInvitationParam {
  /** The invitee's address. */
  email: string;
  /** The inviter's access token (a member of the tenant). */
  access_token: string;
  envs: InvitedUserEnv[];
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired';

/** An invitation to a tenant. */
export interface Invitation {
  id: string;
  email: string;
  invitation_url: string;
  envs: UserAvailableEnv[];
  /** Expiry, seconds since the epoch. */
  expired_at: number;
  status: InvitationStatus;
}

/** `{ invitations }`. */
export interface Invitations {
  invitations: Invitation[];
}

/** `{ is_valid }`: whether an invitation can still be accepted. */
export interface InvitationValidity {
  is_valid: boolean;
}

/**
 * Body of `validateInvitation` (accepting it): an existing user sends their `access_token`; a
 * new user sends `email` and `password` (the account is created).
 */
export interface ValidateInvitationParam {
  access_token?: string;
  email?: string;
  password?: string;
}
