import { timingSafeEqualString } from '../api/signing.js';
import { EmulatorError, invalidParameter } from './errors.js';
import { totpMatches } from './ops-mfa.js';
import { assertPasswordPolicy } from './ops-users.js';
import { passwordMatches } from './random.js';
import type { SessionRecord, UserRecord } from './state.js';
import type { Store } from './store.js';
import { issueCallbackCode } from './tokens.js';
import type { SignInResult } from './types.js';
import { createUser, findUserByEmail, passwordRecord } from './users.js';

const notAuthorized = () => new EmulatorError('not_authorized', 'Incorrect e-mail address or password.');

/**
 * Refuses sign-in while the user is locked out: 429 `limit_exceeded` with `data.retry_at` (and
 * `retry_after_ms`), before any password or code is looked at, so guesses during the cooling
 * period tell nothing.
 */
function assertNotLockedOut(store: Store, user: UserRecord): void {
  const lockedUntil = user.signInFailures?.lockedUntil;
  const now = store.now();
  if (lockedUntil === undefined || lockedUntil <= now) return;
  throw new EmulatorError('limit_exceeded', 'Too many failed sign-in attempts; try again later.', {
    reason: 'sign_in_locked',
    retry_at: lockedUntil,
    retry_after_ms: lockedUntil - now,
  });
}

/**
 * Counts a failed password or authenticator code for the user, across sessions (as Cognito
 * does): from `maxSignInFailures` consecutive failures on, each failure locks sign-in for
 * `signInLockoutMs`. Returns the error to throw.
 */
function failed(store: Store, user: UserRecord, error: EmulatorError): EmulatorError {
  const count = (user.signInFailures?.count ?? 0) + 1;
  user.signInFailures = { count };
  if (count >= store.config.maxSignInFailures) user.signInFailures.lockedUntil = store.now() + store.config.signInLockoutMs;
  return error;
}

/** A successful password or code: the count starts again. */
function succeeded(user: UserRecord): void {
  delete user.signInFailures;
}

function challenge(store: Store, user: UserRecord, kind: SessionRecord['kind']): SignInResult {
  store.prune();
  const session = store.rand.token('session');
  store.state.sessions[session] = { kind, userId: user.id, expiresAt: store.now() + store.config.sessionTtlMs, attempts: 0 };
  return { kind, session };
}

function needsTotp(user: UserRecord): boolean {
  return user.mfa.enabled && user.mfa.method === 'softwareToken' && user.softwareToken !== undefined;
}

/** Signed in unless MFA asks for a TOTP code first. */
function afterPassword(store: Store, user: UserRecord): SignInResult {
  if (needsTotp(user)) return challenge(store, user, 'SOFTWARE_TOKEN_MFA');
  return { kind: 'signedIn', code: issueCallbackCode(store, user), userId: user.id };
}

function requireString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalidParameter(`"${name}" must be a non-empty string.`);
  return value;
}

/**
 * E-mail + password sign-in (the hosted login page). A temporary password leads to
 * `NEW_PASSWORD_REQUIRED`, MFA to `SOFTWARE_TOKEN_MFA`; wrong credentials to `not_authorized`.
 */
export function signIn(store: Store, p: { email: unknown; password: unknown }): SignInResult {
  const email = requireString('email', p.email);
  const password = requireString('password', p.password);
  const user = findUserByEmail(store, email);
  if (!user) throw notAuthorized();
  assertNotLockedOut(store, user);
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const temporary = user.temporaryPassword;
    if (!temporary || !timingSafeEqualString(password, temporary.value)) throw failed(store, user, notAuthorized());
    if (temporary.expiresAt <= store.now()) {
      throw new EmulatorError('temporary_password_expired', 'The temporary password has expired; ask for a new one.');
    }
    succeeded(user);
    return challenge(store, user, 'NEW_PASSWORD_REQUIRED');
  }
  if (!user.password || !passwordMatches(user.password, password)) throw failed(store, user, notAuthorized());
  // With MFA on, the count is reset only by the right authenticator code.
  if (!needsTotp(user)) succeeded(user);
  return afterPassword(store, user);
}

/** Answers a challenge session: a new password for `NEW_PASSWORD_REQUIRED`, a TOTP code for MFA. */
export function respondToChallenge(store: Store, p: { session: unknown; newPassword?: unknown; totpCode?: unknown }): SignInResult {
  const id = requireString('session', p.session);
  const session = Object.hasOwn(store.state.sessions, id) ? store.state.sessions[id] : undefined;
  const user = session && Object.hasOwn(store.state.users, session.userId) ? store.state.users[session.userId] : undefined;
  if (!session || !user || session.expiresAt <= store.now()) {
    throw new EmulatorError('invalid_session', 'The sign-in session is unknown or expired; sign in again.');
  }
  if (session.kind === 'NEW_PASSWORD_REQUIRED') {
    const newPassword = requireString('newPassword', p.newPassword);
    assertPasswordPolicy(newPassword);
    delete store.state.sessions[id];
    user.password = passwordRecord(store, newPassword);
    user.status = 'CONFIRMED';
    delete user.temporaryPassword;
    return afterPassword(store, user);
  }
  const totpCode = requireString('totpCode', p.totpCode);
  if (!/^\d{6}$/.test(totpCode)) throw invalidParameter('"totpCode" must be 6 digits.');
  try {
    assertNotLockedOut(store, user);
  } catch (error) {
    delete store.state.sessions[id];
    throw error;
  }
  const secret = user.softwareToken?.secret;
  if (!secret || !totpMatches(store, secret, totpCode)) {
    session.attempts += 1;
    const left = Math.max(0, store.config.maxCodeAttempts - session.attempts);
    if (left === 0) delete store.state.sessions[id];
    throw failed(store, user, new EmulatorError('code_mismatch', left === 0 ? 'Wrong code; sign in again.' : 'Wrong code.', { attempts_left: left }));
  }
  delete store.state.sessions[id];
  succeeded(user);
  return { kind: 'signedIn', code: issueCallbackCode(store, user), userId: user.id };
}

/**
 * Google sign-in: the user linked to Google with this address; an unknown address is signed up
 * (confirmed, linked) when `googleSelfSignUp` is on; an existing, unlinked user gets
 * `external_user_not_linked` (link first with the external-user operations).
 */
export function signInWithGoogle(store: Store, p: { email: unknown }): SignInResult {
  const email = requireString('email', p.email);
  let user = findUserByEmail(store, email);
  if (!user) {
    if (!store.config.googleSelfSignUp) throw new EmulatorError('not_authorized', 'No user has this address and self sign-up is off.');
    user = createUser(store, email, undefined);
    delete user.temporaryPassword;
    user.status = 'CONFIRMED';
    user.providers.push('Google');
  } else if (!user.providers.includes('Google')) {
    throw new EmulatorError('external_user_not_linked', 'A user with this address exists but has no linked Google account.');
  }
  return { kind: 'signedIn', code: issueCallbackCode(store, user), userId: user.id };
}
