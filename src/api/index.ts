export type * from './types.js';
export type { CallOptions, SaasUserApi, FetchLike } from './client.types.js';
export { ApiError, isApiError } from './errors.js';
export type { ApiErrorKind, ApiErrorInit } from './errors.js';
export { operations, operationNames, expandPath, AUTH_PATH_PREFIX } from './operations.js';
export type { OperationName, OperationSpec, HttpMethod, OperationAudience } from './operations.js';
export {
  computeSignature,
  signRequest,
  formatSignatureTime,
  signedUrlPart,
  signatureMessage,
  formatAuthorizationHeader,
  parseAuthorizationHeader,
  hmacSha256Hex,
  hmacSha256HexPortable,
  timingSafeEqualString,
} from './signing.js';
export type { SigningCredentials, SignInput, HmacSha256Hex } from './signing.js';
export { createSaasUserApi } from './client.js';
export type { SaasUserApiClient } from './client.js';
export { saasUserApiOptionsFromEnv, DEFAULT_BASE_URL } from './config.js';
export type { SaasUserApiOptions, RetryOptions, EnvSource } from './config.js';
