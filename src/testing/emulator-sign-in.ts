import type { SaasUserApiClient } from '../api/client.js';
import type { Credentials } from '../api/types.js';
import type { EmulatorControl, SignInResult } from '../emulator/index.js';
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

/** One request of the hosted sign-in: the first sign-in, or the answer to a challenge. */
type SignInRequest = { signIn: { email: string; password: string } } | { respondToChallenge: { session: string; newPassword?: string; totpCode?: string } };

/**
 * The hosted login's steps, once for the synchronous control object and the asynchronous HTTP
 * one: yields each request, receives its result, returns the signed-in user.
 */
function* signInSteps(email: string, password: string, options: Omit<EmulatorSignInOptions, 'email' | 'password'>): Generator<SignInRequest, { code: string; userId: string }, SignInResult> {
  let result = yield { signIn: { email, password } };
  // A user sees at most one new-password and one TOTP challenge; more means a loop.
  for (let round = 0; round < 3 && result.kind !== 'signedIn'; round++) {
    if (result.kind === 'NEW_PASSWORD_REQUIRED') {
      if (options.newPassword === undefined) throw new Error(`emulatorSignIn: ${email} must choose a new password (pass newPassword)`);
      result = yield { respondToChallenge: { session: result.session, newPassword: options.newPassword } };
    } else {
      if (options.totpCode === undefined) throw new Error(`emulatorSignIn: ${email} has MFA on (pass totpCode)`);
      result = yield { respondToChallenge: { session: result.session, totpCode: options.totpCode() } };
    }
  }
  if (result.kind !== 'signedIn') throw new Error(`emulatorSignIn: ${email} is still challenged (${result.kind})`);
  return { code: result.code, userId: result.userId };
}

/** The hosted sign-in as a served emulator offers it over HTTP: each step may answer later. */
export interface HostedSignIn {
  signIn(p: { email: string; password: string }): SignInResult | Promise<SignInResult>;
  respondToChallenge(p: { session: string; newPassword?: string; totpCode?: string }): SignInResult | Promise<SignInResult>;
}

function send(control: HostedSignIn, request: SignInRequest): SignInResult | Promise<SignInResult> {
  return 'signIn' in request ? control.signIn(request.signIn) : control.respondToChallenge(request.respondToChallenge);
}

/**
 * Signs in on the emulator like the hosted login page does — temporary password, forced new
 * password, TOTP challenge — and returns the callback `code` the app would receive.
 * Emulator errors (wrong password, expired temporary password) are thrown as they are.
 */
export function emulatorSignIn(source: SignInSource, options: EmulatorSignInOptions): { code: string; userId: string } {
  const password = options.password ?? createInbox(source).temporaryPassword(options.email);
  const steps = signInSteps(options.email, password, options);
  for (let step = steps.next(); ; ) {
    if (step.done === true) return step.value;
    const request = step.value;
    step = steps.next('signIn' in request ? source.control.signIn(request.signIn) : source.control.respondToChallenge(request.respondToChallenge));
  }
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
  // `/userinfo` takes the ID token, as the SDKs' auth middleware relays it.
  const user = source.control.userInfo(credentials.id_token);
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
 *
 * The source is the emulator in-process, or (with `api`) any {@link HostedSignIn}, such as a
 * served emulator's control routes: the user id then comes from the sign-in, or from `signUp`.
 */
export function emulatorConfirmSignUp(source: SignInSource, options?: EmulatorConfirmSignUpOptions): ConfirmSignUp;
export function emulatorConfirmSignUp(
  source: { control: HostedSignIn },
  options: EmulatorConfirmSignUpOptions & { api: Pick<SaasUserApiClient, 'getCredentials'> },
): ConfirmSignUp;
export function emulatorConfirmSignUp(
  source: { control: HostedSignIn & Partial<Pick<EmulatorControl, 'exchangeCode' | 'userInfo'>> },
  options: EmulatorConfirmSignUpOptions = {},
): ConfirmSignUp {
  const { control } = source;
  return async (input, { signal }) => {
    signal.throwIfAborted();
    const { confirmation } = input;
    let signedIn: { code: string; userId?: string } = { code: '', userId: input.userId };
    if (confirmation.method === 'callbackCode') signedIn.code = confirmation.code;
    else {
      const steps = signInSteps(input.email, confirmation.temporaryPassword, { newPassword: confirmation.newPassword });
      for (let step = steps.next(); ; step = steps.next(await send(control, step.value))) {
        if (step.done === true) {
          signedIn = step.value;
          break;
        }
      }
    }
    const credentials = options.api === undefined ? exchange(control, signedIn.code) : await options.api.getCredentials(signedIn.code, { signal });
    const userId = control.userInfo?.(credentials.id_token).id ?? signedIn.userId;
    if (userId === undefined) throw new Error('emulatorConfirmSignUp: the new user id is unknown (confirm with the temporary password, or after signUp reported it)');
    const session = { userId, accessToken: credentials.access_token, credentials };
    options.onSession?.(session);
    return { userId };
  };
}

function exchange(control: Partial<Pick<EmulatorControl, 'exchangeCode'>>, code: string): Credentials {
  if (control.exchangeCode === undefined) throw new TypeError('emulatorConfirmSignUp: pass `api` to exchange the callback code over HTTP');
  return control.exchangeCode(code);
}
