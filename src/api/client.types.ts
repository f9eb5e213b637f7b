import type {
  ConfirmEmailUpdateParam,
  ConfirmExternalUserLinkParam,
  ConfirmSignUpWithAwsMarketplaceParam,
  CreateSaasUserParam,
  CreateSecretCodeParam,
  LinkAwsMarketplaceParam,
  MfaPreference,
  RequestEmailUpdateParam,
  RequestExternalUserLinkParam,
  ResendSignUpConfirmationEmailParam,
  SaasUser,
  SaasUsers,
  SignUpParam,
  SignUpWithAwsMarketplaceParam,
  SoftwareTokenSecretCode,
  Tenant,
  UpdateSaasUserAttributesParam,
  UpdateSaasUserEmailParam,
  UpdateSaasUserPasswordParam,
  UpdateSoftwareTokenParam,
  UserInfo,
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

/** Any `fetch`-compatible function (global fetch, the emulator's in-process handler, …). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

