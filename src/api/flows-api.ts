/**
 * What the flows need of the API: the operations with a proxy route, and the brand of an api
 * that takes the user from the app's back-end session. Kept apart from the operations table so
 * a browser bundle that needs only these does not hold the table.
 */
import type { SaasUserApi } from './client.types.js';
import type { ProxiedOperationName } from './operations.js';

/**
 * The operations the five flows need, with the signatures of the signing client: the rows of the
 * operations table that have a proxy route. Both the server-side client (`createSaasUserApi`) and
 * the browser transport to the back-end proxy (`proxyTransport`) satisfy it; through the proxy the
 * `userId` / `access_token` arguments are ignored by the browser side and taken from the app's
 * session by the server.
 */
export type FlowsApi = Pick<SaasUserApi, ProxiedOperationName>;

/** Names of the operations in {@link FlowsApi}. */
export type FlowOperationName = keyof FlowsApi;

/** The user a token operation acts for, as the app's back end knows it from its session. */
export interface UserSession {
  userId: string;
  accessToken: string;
  /** The user's ID token, for `GET /userinfo` (the tenant sign-up reads the user's tenants with it). */
  idToken?: string;
}

/**
 * Brand of an api that takes the user from the app's back-end session (the browser
 * `proxyTransport`): with it, `createSaasusFlows` needs no `session` provider.
 */
export const SESSION_FROM_BACKEND: unique symbol = Symbol.for('saasus-flows.sessionFromBackend');
