/**
 * The 21 `SaasUserApi` operations as data: method, path template, success status, whether a
 * JSON body is sent and whether that body carries the end user's `access_token`. One table that
 * the client, the emulator and the proxy all read (spec §3.0), ordered as in the JS SDK.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call an operation (spec §5f). */
export type OperationAudience = 'admin' | 'public' | 'user';

export interface OperationSpec {
  readonly method: HttpMethod;
  /** Path below `/v1/auth`, with `{user_id}` / `{provider_name}` placeholders. */
  readonly path: string;
  /** Path parameters, in the order the JS SDK method takes them. */
  readonly pathParams: readonly ('user_id' | 'provider_name')[];
  readonly hasBody: boolean;
  readonly successStatus: 200 | 201;
  readonly audience: OperationAudience;
}

export const operations = {
  getSaasUsers: { method: 'GET', path: '/users', pathParams: [], hasBody: false, successStatus: 200, audience: 'admin' },
  createSaasUser: { method: 'POST', path: '/users', pathParams: [], hasBody: true, successStatus: 201, audience: 'admin' },
  getSaasUser: { method: 'GET', path: '/users/{user_id}', pathParams: ['user_id'], hasBody: false, successStatus: 200, audience: 'admin' },
  deleteSaasUser: { method: 'DELETE', path: '/users/{user_id}', pathParams: ['user_id'], hasBody: false, successStatus: 200, audience: 'admin' },
  updateSaasUserPassword: { method: 'PATCH', path: '/users/{user_id}/password', pathParams: ['user_id'], hasBody: true, successStatus: 200, audience: 'admin' },
  updateSaasUserEmail: { method: 'PATCH', path: '/users/{user_id}/email', pathParams: ['user_id'], hasBody: true, successStatus: 200, audience: 'admin' },
  requestEmailUpdate: { method: 'POST', path: '/users/{user_id}/email/request', pathParams: ['user_id'], hasBody: true, successStatus: 200, audience: 'user' },
  confirmEmailUpdate: { method: 'POST', path: '/users/{user_id}/email/confirm', pathParams: ['user_id'], hasBody: true, successStatus: 200, audience: 'user' },
  updateSaasUserAttributes: { method: 'PATCH', path: '/users/{user_id}/attributes', pathParams: ['user_id'], hasBody: true, successStatus: 200, audience: 'admin' },
  updateSoftwareToken: { method: 'PUT', path: '/users/{user_id}/mfa/software-token', pathParams: ['user_id'], hasBody: true, successStatus: 200, audience: 'user' },
  createSecretCode: { method: 'POST', path: '/users/{user_id}/mfa/software-token/secret-code', pathParams: ['user_id'], hasBody: true, successStatus: 201, audience: 'user' },
  getUserMfaPreference: { method: 'GET', path: '/users/{user_id}/mfa/preference', pathParams: ['user_id'], hasBody: false, successStatus: 200, audience: 'admin' },
  updateUserMfaPreference: { method: 'PATCH', path: '/users/{user_id}/mfa/preference', pathParams: ['user_id'], hasBody: true, successStatus: 200, audience: 'admin' },
  unlinkProvider: { method: 'DELETE', path: '/users/{user_id}/providers/{provider_name}', pathParams: ['provider_name', 'user_id'], hasBody: false, successStatus: 200, audience: 'admin' },
  requestExternalUserLink: { method: 'POST', path: '/external-users/request', pathParams: [], hasBody: true, successStatus: 200, audience: 'user' },
  confirmExternalUserLink: { method: 'POST', path: '/external-users/confirm', pathParams: [], hasBody: true, successStatus: 200, audience: 'user' },
  signUp: { method: 'POST', path: '/sign-up', pathParams: [], hasBody: true, successStatus: 201, audience: 'public' },
  resendSignUpConfirmationEmail: { method: 'POST', path: '/sign-up/resend', pathParams: [], hasBody: true, successStatus: 200, audience: 'public' },
  signUpWithAwsMarketplace: { method: 'POST', path: '/aws-marketplace/sign-up', pathParams: [], hasBody: true, successStatus: 201, audience: 'public' },
  confirmSignUpWithAwsMarketplace: { method: 'POST', path: '/aws-marketplace/sign-up-confirm', pathParams: [], hasBody: true, successStatus: 201, audience: 'user' },
  linkAwsMarketplace: { method: 'PATCH', path: '/aws-marketplace/link', pathParams: [], hasBody: true, successStatus: 200, audience: 'user' },
} as const satisfies Record<string, OperationSpec>;

/** Name of one of the 21 operations, e.g. `'signUp'`. */
export type OperationName = keyof typeof operations;

/** All operation names in SDK order. */
export const operationNames = Object.keys(operations) as OperationName[];

/** The `/v1/auth` prefix every operation path lives under. */
export const AUTH_PATH_PREFIX = '/v1/auth';

/**
 * Fills a path template with URI-encoded parameters, as the JS SDK does.
 * @example expandPath('/users/{user_id}', { user_id: 'a b' }) // '/users/a%20b'
 */
export function expandPath(template: string, params: Partial<Record<'user_id' | 'provider_name', string>>): string {
  return template.replace(/\{(user_id|provider_name)\}/g, (_, name: 'user_id' | 'provider_name') => {
    const value = params[name];
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`Missing path parameter "${name}": pass a non-empty string.`);
    }
    return encodeURIComponent(value);
  });
}
