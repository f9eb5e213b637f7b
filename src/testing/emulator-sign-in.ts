import type { SaasUserApiClient } from '../api/client.js';
import type { Credentials } from '../api/types.js';
import type { EmulatorControl } from '../emulator/index.js';
import type { ConfirmSignUp } from '../services/flow.types.js';
import { createInbox } from './emulator-inbox.js';

/** Anything with the emulator's sign-in controls: the emulator itself, in-process. */
export interface SignInSource {
  control: Pick<EmulatorControl, 'outbox' | 'signIn' | 'respondToChallenge' | 'exchangeCode' | 'userInfo'>;
}

/** How a user signs in on the emulator's hosted login. */
export interface EmulatorSignInOptions {
  email: string;
  /** The password; for a new user, omit it to use the newest temporary password mailed. */
  password?: string;
  /** The new password chosen at the first sign-in (`NEW_PASSWORD_REQUIRED`). */
  newPassword?: string;
  /** Gives the authenticator's current code when MFA asks (`SOFTWARE_TOKEN_MFA`). */
  totpCode?: () => string;
}

/** A signed-in user, as the app's back end holds it after the callback. */
export interface EmulatorSession {
  userId: string;
  accessToken: string;
  credentials: Credentials;
}

/**
 * Signs in on the emulator like the hosted login page does — temporary password, forced new
 * password, TOTP challenge — and returns the callback `code` the app would receive.
 * Emulator errors (wrong password, expired temporary password) are thrown as they are.
 */
export function emulatorSignIn(source: SignInSource, options: EmulatorSignInOptions): { code: string; userId: string } {
  const password = options.password ?? createInbox(source).temporaryPassword(options.email);
  let result = source.control.signIn({ email: options.email, password });
  // A user sees at most one new-password and one TOTP challenge; more means a loop.
  for (let round = 0; round < 3 && result.kind !== 'signedIn'; round++) {
    if (result.kind === 'NEW_PASSWORD_REQUIRED') {
      if (options.newPassword === undefined) throw new Error(`emulatorSignIn: ${options.email} must choose a new password (pass newPassword)`);
      result = source.control.respondToChallenge({ session: result.session, newPassword: options.newPassword });
    } else {
      if (options.totpCode === undefined) throw new Error(`emulatorSignIn: ${options.email} has MFA on (pass totpCode)`);
      result = source.control.respondToChallenge({ session: result.session, totpCode: options.totpCode() });
    }
  }
  if (result.kind !== 'signedIn') throw new Error(`emulatorSignIn: ${options.email} is still challenged (${result.kind})`);
  return { code: result.code, userId: result.userId };
}

/**
 * Signs in (see {@link emulatorSignIn}) and exchanges the callback code for credentials, as
 * the app's back end does: the session the token flows (e-mail change, MFA, linking) need.
 *
 * @example
 * const session = emulatorSession(emulator, { email, newPassword: 'Passw0rd!' });
 * const flows = createSaasusFlows(api, { session: () => session });
 */
export function emulatorSession(source: SignInSource, options: EmulatorSignInOptions): EmulatorSession {
  const { code } = emulatorSignIn(source, options);
  const credentials = source.control.exchangeCode(code);
  const user = source.control.userInfo(credentials.access_token);
  return { userId: user.id, accessToken: credentials.access_token, credentials };
}

/** Options of {@link emulatorConfirmSignUp}. */
export interface EmulatorConfirmSignUpOptions {
  /** Receives the new user's session, as the app would store it after the callback. */
  onSession?: (session: EmulatorSession) => void;
  /**
   * The app back end's client: the callback code is then exchanged over HTTP
   * (`GET /v1/auth/credentials`, abortable, subject to the emulator's faults) instead of
   * through the control object.
   */
  api?: Pick<SaasUserApiClient, 'getCredentials'>;
}

/**
 * The app's `confirmSignUp` step on the emulator, for `createSaasusFlows(api, { confirmSignUp })`:
 * with `newPassword` it signs in with the temporary password and sets the new one; with
 * `callbackCode` it exchanges the code the hosted login page redirected with. Either way it
 * exchanges the callback code for credentials and hands the session to `onSession`.
 */
export function emulatorConfirmSignUp(source: SignInSource, options: EmulatorConfirmSignUpOptions = {}): ConfirmSignUp {
  return async (input, { signal }) => {
    signal.throwIfAborted();
    const { confirmation } = input;
    const code =
      confirmation.method === 'callbackCode'
        ? confirmation.code
        : emulatorSignIn(source, { email: input.email, password: confirmation.temporaryPassword, newPassword: confirmation.newPassword }).code;
    const credentials = options.api === undefined ? source.control.exchangeCode(code) : await options.api.getCredentials(code, { signal });
    const session = { userId: source.control.userInfo(credentials.access_token).id, accessToken: credentials.access_token, credentials };
    options.onSession?.(session);
    return { userId: session.userId };
  };
}
