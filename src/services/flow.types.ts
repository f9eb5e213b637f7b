import type { UserSession } from './ports.js';

/**
 * Gives the token operations the signed-in user. Called for every request, so it can refresh
 * an expiring token; the token never enters a machine's context or persisted snapshot.
 */
export type SessionProvider = () => UserSession | Promise<UserSession>;

/**
 * What a code-sending request reports: when it was sent, by the services' clock, and the
 * deadlines where the server gives them (the SaaSus answers carry none today).
 */
export interface CodeSent {
  /** Epoch ms. */
  sentAt: number;
  codeExpiresAt?: number;
  resendAvailableAt?: number;
}

/**
 * How the new user proves the mailed temporary password: the `code` the app's callback got
 * from the hosted login page (where the new password was set), or the temporary and new
 * passwords where the app runs its own login.
 */
export type SignUpConfirmation =
  | { method: 'callbackCode'; code: string }
  | { method: 'newPassword'; temporaryPassword: string; newPassword: string };

/** Input of the `confirmSignUp` actor. */
export interface ConfirmSignUpInput {
  email: string;
  /** The id `signUp` returned, when known. */
  userId?: string;
  confirmation: SignUpConfirmation;
}

/** What `confirmSignUp` resolves with. Credentials stay with the app, never in the machine. */
export interface ConfirmSignUpResult {
  userId: string;
}

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

/** Input of an actor that needs nothing but the session. */
export type EmptyInput = Record<string, never>;

/** Input of an actor that submits a code (mailed, or from an authenticator app). */
export interface CodeInput {
  code: string;
}
