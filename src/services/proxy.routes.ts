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
 * The proxy's routes, one row per operation the flows need (spec §5f): method, path, then how
 * the browser transport calls the operation: how many arguments come before the call options,
 * then the fields of the body parameter (the last of those arguments) that go to the proxy. The
 * body is sent only when the method takes one; other fields (`access_token`, unknown extras) and
 * the `userId` argument are never sent. Admin operations have no route. {@link proxyRoutes} is
 * the first two columns with the session flag ({@link PUBLIC_OPERATIONS}); `proxyTransport`
 * reads the table itself (checked against `FlowsApi` there), so a browser bundle holds each
 * operation once.
 */
export const ROUTE_TABLE = {
  signUp: ['POST', '/sign-up', 1, 'email'],
  resendSignUpConfirmationEmail: ['POST', '/sign-up/resend', 1, 'email'],
  signUpWithAwsMarketplace: ['POST', '/aws-marketplace/sign-up', 1, 'email', 'registration_token'],
  requestEmailUpdate: ['POST', '/email/request', 2, 'email'],
  confirmEmailUpdate: ['POST', '/email/confirm', 2, 'code'],
  requestExternalUserLink: ['POST', '/external-users/request', 1],
  confirmExternalUserLink: ['POST', '/external-users/confirm', 1, 'code'],
  unlinkProvider: ['DELETE', '/providers/{provider_name}', 2],
  getUserMfaPreference: ['GET', '/mfa/preference', 1],
  createSecretCode: ['POST', '/mfa/secret-code', 2],
  updateSoftwareToken: ['PUT', '/mfa/software-token', 2, 'verification_code'],
  updateUserMfaPreference: ['PATCH', '/mfa/preference', 2, 'enabled', 'method'],
  confirmSignUpWithAwsMarketplace: ['POST', '/aws-marketplace/sign-up-confirm', 1, 'registration_token', 'tenant_name'],
  linkAwsMarketplace: ['PATCH', '/aws-marketplace/link', 1, 'tenant_id', 'registration_token'],
} as const satisfies Record<FlowOperationName, readonly [ProxyRoute['method'], string, number, ...string[]]>;

/**
 * The operations whose routes run before sign-in; every other route acts for the signed-in user
 * and takes the user id and access token from the app's session, never from the browser.
 */
const PUBLIC_OPERATIONS = ['signUp', 'resendSignUpConfirmationEmail', 'signUpWithAwsMarketplace'] as const satisfies readonly FlowOperationName[];

type RouteTable = typeof ROUTE_TABLE;

/** Each operation's route, with its literal method, path and session flag. */
type ProxyRoutes = {
  readonly [K in keyof RouteTable]: {
    readonly method: RouteTable[K][0];
    readonly path: RouteTable[K][1];
    readonly session: K extends (typeof PUBLIC_OPERATIONS)[number] ? false : true;
  };
};

/**
 * The proxy's routes, one per operation the flows need (spec §5f). Public routes run before
 * sign-in; session routes take the user id and access token from the app's session, never
 * from the browser. Admin operations have no route. Shared by the handler and the transport.
 */
export const proxyRoutes = /* @__PURE__ */ routesOf(ROUTE_TABLE);

/** {@link proxyRoutes} from the table: one call, so a bundle without the handler drops it. */
function routesOf(table: RouteTable): ProxyRoutes {
  return Object.fromEntries(
    Object.entries(table).map(([operation, [method, path]]) => [operation, { method, path, session: !(PUBLIC_OPERATIONS as readonly string[]).includes(operation) }]),
  ) as ProxyRoutes;
}
