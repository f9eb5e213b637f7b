import type { ConfirmSignUpInput, ConfirmSignUpResult } from '../machines/sign-up/sign-up.types.js';
import type { SESSION_FROM_BACKEND, UserSession } from './ports.js';

/**
 * Gives the token operations the signed-in user. Called for every request, so it can refresh
 * an expiring token; the token never enters a machine's context or persisted snapshot.
 */
export type SessionProvider = () => UserSession | Promise<UserSession>;

/**
 * The app's confirmation step (SaaSus has no confirm endpoint among the 21 operations): sign in
 * with the temporary password, set the new one, exchange the callback code for credentials,
 * and make them the app's session (so {@link SessionProvider} returns the new user).
 */
export type ConfirmSignUp = (input: ConfirmSignUpInput, options: { signal: AbortSignal }) => Promise<ConfirmSignUpResult>;

/** Options of the actor factories and of `createSaasusFlows`. */
export interface FlowServicesOptions {
  /**
   * The signed-in user for the token operations (e-mail update, external link, MFA,
   * Marketplace confirm/link). `'backend'` when the api is the browser `proxyTransport`: the
   * proxy takes the user from the app's session and the browser sends none. Required for the
   * token operations otherwise; re-supplies the token after a restore.
   */
  session?: SessionProvider | 'backend';
  /** Confirms a sign-up (sign-up and Marketplace flows); required by those flows. */
  confirmSignUp?: ConfirmSignUp;
  /** The clock for `sentAt` and the resend cooldown (epoch ms). Default `Date.now`. */
  now?: () => number;
}

/** Options with the signed-in user: the token flows (e-mail update, external link, MFA) run. */
export interface WithSession {
  session: SessionProvider | 'backend';
}

/** Options with the app's sign-in step: the sign-up flow runs. */
export interface WithConfirmSignUp {
  confirmSignUp: ConfirmSignUp;
}

/** An api that takes the user from the app's back-end session (`proxyTransport`). */
export interface SessionFromBackendApi {
  readonly [SESSION_FROM_BACKEND]: true;
}

/** Every option given: all six flows run. */
export type AllFlowsOptions = FlowServicesOptions & WithSession & WithConfirmSignUp;

/** Whether flows built over `TApi` with `TOptions` know the signed-in user. */
export type HasSession<TApi, TOptions> = TOptions extends WithSession ? true : TApi extends SessionFromBackendApi ? true : false;

/** Whether flows built with `TOptions` can confirm a sign-up. */
export type HasConfirmSignUp<TOptions> = TOptions extends WithConfirmSignUp ? true : false;

/**
 * The names of the machines `createSaasusFlows(api, options)` can run with these options:
 * `signUpMachine` needs `confirmSignUp`; the token flows and the tenant sign-up (the session's
 * `idToken`) need `session` (or a `proxyTransport` api); the Marketplace flow needs both.
 */
export type FlowNamesFor<TApi, TOptions> =
  | (HasConfirmSignUp<TOptions> extends true ? 'signUpMachine' : never)
  | (HasSession<TApi, TOptions> extends true ? 'emailUpdateMachine' | 'externalUserLinkMachine' | 'mfaSetupMachine' | 'tenantSignUpMachine' : never)
  | (HasConfirmSignUp<TOptions> extends true ? (HasSession<TApi, TOptions> extends true ? 'awsMarketplaceSignUpMachine' : never) : never);
