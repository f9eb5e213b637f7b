import type {
  Attribute,
  ConfirmEmailUpdateParam,
  ConfirmExternalUserLinkParam,
  ConfirmSignUpWithAwsMarketplaceParam,
  CreateSaasUserParam,
  CreateSecretCodeParam,
  CreateRoleParam,
  CreateTenantInvitationParam,
  CreateTenantUserParam,
  CreateTenantUserRolesParam,
  Envs,
  Invitation,
  Invitations,
  InvitationValidity,
  LinkAwsMarketplaceParam,
  MfaPreference,
  RequestEmailUpdateParam,
  Role,
  Roles,
  RequestExternalUserLinkParam,
  ResendSignUpConfirmationEmailParam,
  SaasUser,
  SaasUsers,
  SignUpParam,
  SignUpWithAwsMarketplaceParam,
  SoftwareTokenSecretCode,
  Tenant,
  TenantAttributes,
  TenantDetail,
  TenantProps,
  Tenants,
  TenantUser,
  TenantUsers,
  UpdateSaasUserAttributesParam,
  UpdateSaasUserEmailParam,
  UpdateSaasUserPasswordParam,
  UpdateSoftwareTokenParam,
  UpdateTenantUserParam,
  UserAttributes,
  UserInfo,
  ValidateInvitationParam,
} from './types.js';

/** Per-call options, the last argument of every client method. */
export interface CallOptions {
  /** Aborts the request; combined with the client's timeout. */
  signal?: AbortSignal;
  /** Overrides the client's timeout (ms) for this call. */
  timeout?: number;
  /** Forwarded as `X-Saasus-Trace-Id`. */
  traceId?: string;
  /** Extra request headers (never part of the signature). */
  headers?: Record<string, string>;
}

/**
 * The 21 `SaasUserApi` operations, named, ordered and with arguments as in the official JS SDK.
 * Each resolves to the parsed response body, or `undefined` when the body is empty.
 */
export interface SaasUserApi {
  /** GET /users — every SaaS user. */
  getSaasUsers(options?: CallOptions): Promise<SaasUsers>;
  /** POST /users — 201; without `password` a temporary one is mailed. */
  createSaasUser(param: CreateSaasUserParam, options?: CallOptions): Promise<SaasUser>;
  /** GET /users/{user_id}. */
  getSaasUser(userId: string, options?: CallOptions): Promise<SaasUser>;
  /** DELETE /users/{user_id}; newer servers return the deleted `UserInfo`. */
  deleteSaasUser(userId: string, options?: CallOptions): Promise<UserInfo | undefined>;
  /** PATCH /users/{user_id}/password — admin sets a password. */
  updateSaasUserPassword(userId: string, param: UpdateSaasUserPasswordParam, options?: CallOptions): Promise<void>;
  /** PATCH /users/{user_id}/email — admin change, no code. */
  updateSaasUserEmail(userId: string, param: UpdateSaasUserEmailParam, options?: CallOptions): Promise<void>;
  /** POST /users/{user_id}/email/request — mails a code to the new address (user token). */
  requestEmailUpdate(userId: string, param: RequestEmailUpdateParam, options?: CallOptions): Promise<void>;
  /** POST /users/{user_id}/email/confirm — applies the change with the code (user token). */
  confirmEmailUpdate(userId: string, param: ConfirmEmailUpdateParam, options?: CallOptions): Promise<void>;
  /** PATCH /users/{user_id}/attributes. */
  updateSaasUserAttributes(userId: string, param: UpdateSaasUserAttributesParam, options?: CallOptions): Promise<void>;
  /** PUT /users/{user_id}/mfa/software-token — registers the authenticator app with a TOTP code (user token). */
  updateSoftwareToken(userId: string, param: UpdateSoftwareTokenParam, options?: CallOptions): Promise<void>;
  /** POST /users/{user_id}/mfa/software-token/secret-code — 201, a new TOTP secret (user token). */
  createSecretCode(userId: string, param: CreateSecretCodeParam, options?: CallOptions): Promise<SoftwareTokenSecretCode>;
  /** GET /users/{user_id}/mfa/preference. */
  getUserMfaPreference(userId: string, options?: CallOptions): Promise<MfaPreference>;
  /** PATCH /users/{user_id}/mfa/preference — `method` `softwareToken` or `email`. */
  updateUserMfaPreference(userId: string, body: MfaPreference, options?: CallOptions): Promise<void>;
  /** DELETE /users/{user_id}/providers/{provider_name} — provider first, as in the JS SDK. */
  unlinkProvider(providerName: string, userId: string, options?: CallOptions): Promise<void>;
  /** POST /external-users/request — mails a link code to the token's address (user token). */
  requestExternalUserLink(param: RequestExternalUserLinkParam, options?: CallOptions): Promise<void>;
  /** POST /external-users/confirm — links the external identity with the code (user token). */
  confirmExternalUserLink(param: ConfirmExternalUserLinkParam, options?: CallOptions): Promise<void>;
  /** POST /sign-up — 201; mails a temporary password. */
  signUp(param: SignUpParam, options?: CallOptions): Promise<SaasUser>;
  /** POST /sign-up/resend. */
  resendSignUpConfirmationEmail(param: ResendSignUpConfirmationEmailParam, options?: CallOptions): Promise<void>;
  /** POST /aws-marketplace/sign-up — 201, needs a registration token. */
  signUpWithAwsMarketplace(param: SignUpWithAwsMarketplaceParam, options?: CallOptions): Promise<SaasUser>;
  /** POST /aws-marketplace/sign-up-confirm — 201, the new tenant (user token). */
  confirmSignUpWithAwsMarketplace(param: ConfirmSignUpWithAwsMarketplaceParam, options?: CallOptions): Promise<Tenant>;
  /** PATCH /aws-marketplace/link — links the purchase to an existing tenant (user token). */
  linkAwsMarketplace(param: LinkAwsMarketplaceParam, options?: CallOptions): Promise<void>;
}

/**
 * The tenant part of the Auth API that SaaSus's sample apps use (tenants, tenant users, roles
 * per env, attribute definitions, envs, tenant invitations), named and with arguments as in the
 * official JS SDK's `TenantApi`, `TenantUserApi`, `RoleApi`, `UserAttributeApi`,
 * `TenantAttributeApi`, `EnvApi` and `InvitationApi`. All are administrative (API key only):
 * browsers never call them. Env ids are integers; a new SaaS has envs 1, 2 and 3 (production).
 */
export interface TenantAuthApi {
  /** GET /tenants — every tenant. */
  getTenants(options?: CallOptions): Promise<Tenants>;
  /** POST /tenants — 201; `attributes` are checked against the tenant attribute definitions. */
  createTenant(props: TenantProps, options?: CallOptions): Promise<Tenant>;
  /** GET /tenants/{tenant_id}. */
  getTenant(tenantId: string, options?: CallOptions): Promise<TenantDetail>;
  /** PATCH /tenants/{tenant_id} — replaces name, attributes and back-office address. */
  updateTenant(tenantId: string, props: TenantProps, options?: CallOptions): Promise<void>;
  /** DELETE /tenants/{tenant_id} — with its users, roles and invitations. */
  deleteTenant(tenantId: string, options?: CallOptions): Promise<void>;
  /** GET /tenants/{tenant_id}/users. */
  getTenantUsers(tenantId: string, options?: CallOptions): Promise<TenantUsers>;
  /** POST /tenants/{tenant_id}/users — 201; adds an EXISTING SaaS user (by address) to the tenant. */
  createTenantUser(tenantId: string, param: CreateTenantUserParam, options?: CallOptions): Promise<TenantUser>;
  /** GET /tenants/{tenant_id}/users/{user_id}. */
  getTenantUser(tenantId: string, userId: string, options?: CallOptions): Promise<TenantUser>;
  /** PATCH /tenants/{tenant_id}/users/{user_id} — the user's attribute values in this tenant. */
  updateTenantUser(tenantId: string, userId: string, param: UpdateTenantUserParam, options?: CallOptions): Promise<void>;
  /** DELETE /tenants/{tenant_id}/users/{user_id} — removes the membership (the SaaS user stays). */
  deleteTenantUser(tenantId: string, userId: string, options?: CallOptions): Promise<void>;
  /** POST /tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles — 201, adds roles in one env. */
  createTenantUserRoles(tenantId: string, userId: string, envId: number, param: CreateTenantUserRolesParam, options?: CallOptions): Promise<void>;
  /** DELETE /tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles/{role_name}. */
  deleteTenantUserRole(tenantId: string, userId: string, envId: number, roleName: string, options?: CallOptions): Promise<void>;
  /** GET /roles. */
  getRoles(options?: CallOptions): Promise<Roles>;
  /** POST /roles — 201. */
  createRole(role: CreateRoleParam, options?: CallOptions): Promise<Role>;
  /** GET /user-attributes — the user attribute definitions. */
  getUserAttributes(options?: CallOptions): Promise<UserAttributes>;
  /** POST /user-attributes — 201, defines a user attribute. */
  createUserAttribute(attribute: Attribute, options?: CallOptions): Promise<Attribute>;
  /** DELETE /user-attributes/{attribute_name} — removes the definition and every tenant user's value of it; 404 `attribute_not_found` for an unknown name. */
  deleteUserAttribute(attributeName: string, options?: CallOptions): Promise<void>;
  /** GET /tenant-attributes — the tenant attribute definitions. */
  getTenantAttributes(options?: CallOptions): Promise<TenantAttributes>;
  /** POST /tenant-attributes — 201, defines a tenant attribute. */
  createTenantAttribute(attribute: Attribute, options?: CallOptions): Promise<Attribute>;
  /** DELETE /tenant-attributes/{attribute_name} — removes the definition and every tenant's value of it; 404 `attribute_not_found` for an unknown name. */
  deleteTenantAttribute(attributeName: string, options?: CallOptions): Promise<void>;
  /** GET /envs. */
  getEnvs(options?: CallOptions): Promise<Envs>;
  /** GET /tenants/{tenant_id}/invitations. */
  getTenantInvitations(tenantId: string, options?: CallOptions): Promise<Invitations>;
  /** POST /tenants/{tenant_id}/invitations — 201; mails the invitation (inviter's access token). */
  createTenantInvitation(tenantId: string, param: CreateTenantInvitationParam, options?: CallOptions): Promise<Invitation>;
  /** GET /tenants/{tenant_id}/invitations/{invitation_id}. */
  getTenantInvitation(tenantId: string, invitationId: string, options?: CallOptions): Promise<Invitation>;
  /** DELETE /tenants/{tenant_id}/invitations/{invitation_id}. */
  deleteTenantInvitation(tenantId: string, invitationId: string, options?: CallOptions): Promise<void>;
  /** GET /invitations/{invitation_id}/validity. */
  getInvitationValidity(invitationId: string, options?: CallOptions): Promise<InvitationValidity>;
  /** PATCH /invitations/{invitation_id}/validate — accepts it: the invitee's access token, or e-mail + password for a new user. */
  validateInvitation(invitationId: string, param: ValidateInvitationParam, options?: CallOptions): Promise<void>;
}

/** Every operation of the operations table: the 21 `SaasUserApi` ones and the tenant part. */
export interface AuthApi extends SaasUserApi, TenantAuthApi {}

/** Any `fetch`-compatible function (global fetch, the emulator's in-process handler, …). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

