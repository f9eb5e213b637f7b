import type { FlowOperationName } from './ports.js';

/** One route of the back-end proxy: method and path below the proxy's base path. */
export interface ProxyRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base path; `{provider_name}` is the only placeholder. */
  readonly path: string;
  /** `true` when the route acts for the signed-in user of the app's session. */
  readonly session: boolean;
}

/**
 * The proxy's routes, one per operation the flows need (spec §5f). Public routes run before
 * sign-in; session routes take the user id and access token from the app's session, never
 * from the browser. Admin operations have no route. Shared by the handler and the transport.
 */
export const proxyRoutes = {
  signUp: { method: 'POST', path: '/sign-up', session: false },
  resendSignUpConfirmationEmail: { method: 'POST', path: '/sign-up/resend', session: false },
  signUpWithAwsMarketplace: { method: 'POST', path: '/aws-marketplace/sign-up', session: false },
  requestEmailUpdate: { method: 'POST', path: '/email/request', session: true },
  confirmEmailUpdate: { method: 'POST', path: '/email/confirm', session: true },
  requestExternalUserLink: { method: 'POST', path: '/external-users/request', session: true },
  confirmExternalUserLink: { method: 'POST', path: '/external-users/confirm', session: true },
  unlinkProvider: { method: 'DELETE', path: '/providers/{provider_name}', session: true },
  getUserMfaPreference: { method: 'GET', path: '/mfa/preference', session: true },
  createSecretCode: { method: 'POST', path: '/mfa/secret-code', session: true },
  updateSoftwareToken: { method: 'PUT', path: '/mfa/software-token', session: true },
  updateUserMfaPreference: { method: 'PATCH', path: '/mfa/preference', session: true },
  confirmSignUpWithAwsMarketplace: { method: 'POST', path: '/aws-marketplace/sign-up-confirm', session: true },
  linkAwsMarketplace: { method: 'PATCH', path: '/aws-marketplace/link', session: true },
} as const satisfies Record<FlowOperationName, ProxyRoute>;
