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
  getSaasUsers(options?: CallOptions): Promise<SaasUsers>;
  createSaasUser(param: CreateSaasUserParam, options?: CallOptions): Promise<SaasUser>;
  getSaasUser(userId: string, options?: CallOptions): Promise<SaasUser>;
  deleteSaasUser(userId: string, options?: CallOptions): Promise<UserInfo | undefined>;
  updateSaasUserPassword(userId: string, param: UpdateSaasUserPasswordParam, options?: CallOptions): Promise<void>;
  updateSaasUserEmail(userId: string, param: UpdateSaasUserEmailParam, options?: CallOptions): Promise<void>;
  requestEmailUpdate(userId: string, param: RequestEmailUpdateParam, options?: CallOptions): Promise<void>;
  confirmEmailUpdate(userId: string, param: ConfirmEmailUpdateParam, options?: CallOptions): Promise<void>;
  updateSaasUserAttributes(userId: string, param: UpdateSaasUserAttributesParam, options?: CallOptions): Promise<void>;
  updateSoftwareToken(userId: string, param: UpdateSoftwareTokenParam, options?: CallOptions): Promise<void>;
  createSecretCode(userId: string, param: CreateSecretCodeParam, options?: CallOptions): Promise<SoftwareTokenSecretCode>;
  getUserMfaPreference(userId: string, options?: CallOptions): Promise<MfaPreference>;
  updateUserMfaPreference(userId: string, body: MfaPreference, options?: CallOptions): Promise<void>;
  unlinkProvider(providerName: string, userId: string, options?: CallOptions): Promise<void>;
  requestExternalUserLink(param: RequestExternalUserLinkParam, options?: CallOptions): Promise<void>;
  confirmExternalUserLink(param: ConfirmExternalUserLinkParam, options?: CallOptions): Promise<void>;
  signUp(param: SignUpParam, options?: CallOptions): Promise<SaasUser>;
  resendSignUpConfirmationEmail(param: ResendSignUpConfirmationEmailParam, options?: CallOptions): Promise<void>;
  signUpWithAwsMarketplace(param: SignUpWithAwsMarketplaceParam, options?: CallOptions): Promise<SaasUser>;
  confirmSignUpWithAwsMarketplace(param: ConfirmSignUpWithAwsMarketplaceParam, options?: CallOptions): Promise<Tenant>;
  linkAwsMarketplace(param: LinkAwsMarketplaceParam, options?: CallOptions): Promise<void>;
}

/** Any `fetch`-compatible function (global fetch, the emulator's in-process handler, …). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
