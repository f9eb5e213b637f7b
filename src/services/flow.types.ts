import type { ConfirmSignUpInput, ConfirmSignUpResult } from '../machines/sign-up/sign-up.types.js';
import type { UserSession } from './ports.js';

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
