import type { operations, ProxiedOperationName } from '../api/operations.js';

type Table = typeof operations;

/** What the browser transport needs of an operation's row: a projection of the table, checked below. */
type BrowserRoute<K extends ProxiedOperationName> = {
  readonly method: Table[K]['method'];
  /** The row's `proxy` path. */
  readonly path: Table[K]['proxy'];
  readonly pathParams: Table[K]['pathParams'];
} & (Table[K] extends { body: infer B } ? { readonly sends: readonly Exclude<keyof B, 'access_token'>[] } : { readonly sends?: never });

/**
 * The rows of `api/operations.ts` that have a proxy route, cut down to what `proxyTransport`
 * needs (method, proxy path, path parameters, the body fields the browser sends: all but
 * `access_token`). Written out rather than computed so that a browser bundle holds these few
 * bytes instead of the whole table; the type above fails to compile when a method, path or
 * parameter drifts from the table, and test/proxy/browser-routes.test.ts checks the rest.
 */
export const browserRoutes: { readonly [K in ProxiedOperationName]: BrowserRoute<K> } = {
  requestEmailUpdate: { method: 'POST', path: '/email/request', pathParams: ['user_id'], sends: ['email'] },
  confirmEmailUpdate: { method: 'POST', path: '/email/confirm', pathParams: ['user_id'], sends: ['code'] },
  updateSoftwareToken: { method: 'PUT', path: '/mfa/software-token', pathParams: ['user_id'], sends: ['verification_code'] },
  createSecretCode: { method: 'POST', path: '/mfa/secret-code', pathParams: ['user_id'], sends: [] },
  getUserMfaPreference: { method: 'GET', path: '/mfa/preference', pathParams: ['user_id'] },
  updateUserMfaPreference: { method: 'PATCH', path: '/mfa/preference', pathParams: ['user_id'], sends: ['enabled', 'method'] },
  unlinkProvider: { method: 'DELETE', path: '/providers/{provider_name}', pathParams: ['provider_name', 'user_id'] },
  requestExternalUserLink: { method: 'POST', path: '/external-users/request', pathParams: [], sends: [] },
  confirmExternalUserLink: { method: 'POST', path: '/external-users/confirm', pathParams: [], sends: ['code'] },
  signUp: { method: 'POST', path: '/sign-up', pathParams: [], sends: ['email'] },
  resendSignUpConfirmationEmail: { method: 'POST', path: '/sign-up/resend', pathParams: [], sends: ['email'] },
  signUpWithAwsMarketplace: { method: 'POST', path: '/aws-marketplace/sign-up', pathParams: [], sends: ['email', 'registration_token'] },
  confirmSignUpWithAwsMarketplace: { method: 'POST', path: '/aws-marketplace/sign-up-confirm', pathParams: [], sends: ['tenant_name', 'registration_token'] },
  linkAwsMarketplace: { method: 'PATCH', path: '/aws-marketplace/link', pathParams: [], sends: ['tenant_id', 'registration_token'] },
};
