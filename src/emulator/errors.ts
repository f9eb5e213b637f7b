import type { ErrorBody } from '../api/types.js';

/**
 * Every error `type` the emulator answers with, and its HTTP status. The strings are stable:
 * machines and tests branch on them. Documented in the README's emulator section.
 */
export const emulatorErrorStatus = {
  invalid_parameter: 400,
  invalid_password: 400,
  email_already_exists: 400,
  code_mismatch: 400,
  expired_code: 400,
  too_many_attempts: 400,
  no_pending_code: 400,
  user_already_confirmed: 400,
  software_token_not_registered: 400,
  secret_code_not_created: 400,
  provider_not_linked: 400,
  provider_already_linked: 400,
  invalid_registration_token: 400,
  invalid_session: 400,
  temporary_password_expired: 400,
  external_user_not_linked: 400,
  already_exists: 400,
  invalid_invitation: 400,
  not_authorized: 401,
  invalid_access_token: 401,
  permission_denied: 401,
  host_not_allowed: 403,
  cross_site_request: 403,
  invalid_id_token: 401,
  invalid_callback_code: 404,
  user_not_found: 404,
  tenant_not_found: 404,
  env_not_found: 404,
  role_not_found: 404,
  invitation_not_found: 404,
  attribute_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  limit_exceeded: 429,
  internal_error: 500,
} as const;

/** A documented emulator error type. */
export type EmulatorErrorType = keyof typeof emulatorErrorStatus;

/**
 * The one error the emulator raises: the control object throws it, the HTTP layer turns it
 * into a SaaSus `{type, message, data}` body with `status`.
 */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';
  readonly type: string;
  readonly status: number;
  readonly data?: Record<string, unknown>;

  /** `type` is one of {@link EmulatorErrorType}; injected faults may use any string (status then required). */
  constructor(type: EmulatorErrorType | (string & {}), message: string, data?: Record<string, unknown>, status?: number) {
    super(message);
    this.type = type;
    this.status = status ?? (Object.hasOwn(emulatorErrorStatus, type) ? emulatorErrorStatus[type as EmulatorErrorType] : 500);
    if (data !== undefined) this.data = data;
  }

  /** The SaaSus error body. */
  toBody(): ErrorBody {
    return this.data === undefined ? { type: this.type, message: this.message } : { type: this.type, message: this.message, data: this.data };
  }
}

/** Shorthand for `invalid_parameter`. */
export function invalidParameter(message: string): EmulatorError {
  return new EmulatorError('invalid_parameter', message);
}
