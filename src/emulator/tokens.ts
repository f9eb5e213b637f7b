import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Credentials } from '../api/types.js';
import { EmulatorError } from './errors.js';
import { base64url } from './random.js';
import type { Grant, UserRecord } from './state.js';
import type { Store } from './store.js';

function lookup(table: Record<string, Grant>, key: string): Grant | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A single-use callback code for a signed-in user (what the hosted login page redirects with). */
export function issueCallbackCode(store: Store, user: UserRecord): string {
  store.prune();
  const code = store.rand.token('code');
  store.state.callbackCodes[code] = { userId: user.id, expiresAt: store.now() + store.config.callbackCodeTtlMs };
  return code;
}

/** An HS256 JWT id token (signed with the secret key) so apps can read `sub` and `email`. */
function idToken(store: Store, user: UserRecord, expiresAt: number): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      iss: 'saasus-flows-emulator',
      sub: user.id,
      email: user.email,
      aud: store.config.saasId,
      iat: Math.floor(store.now() / 1000),
      exp: Math.floor(expiresAt / 1000),
    }),
  );
  const mac = hmac(sha256, utf8ToBytes(store.config.secretKey), utf8ToBytes(`${header}.${payload}`));
  return `${header}.${payload}.${base64url(mac)}`;
}

/** Fresh access and id tokens; a new refresh token unless the one being refreshed is kept. */
function issueCredentials(store: Store, user: UserRecord, keptRefreshToken?: string): Credentials {
  const expiresAt = store.now() + store.config.accessTokenTtlMs;
  const accessToken = store.rand.token('at');
  store.state.accessTokens[accessToken] = { userId: user.id, expiresAt };
  let refreshToken = keptRefreshToken;
  if (refreshToken === undefined) {
    refreshToken = store.rand.token('rt');
    // Refresh tokens live 30 days, as Cognito's default.
    store.state.refreshTokens[refreshToken] = { userId: user.id, expiresAt: store.now() + 30 * 24 * 3_600_000 };
  }
  return { id_token: idToken(store, user, expiresAt), access_token: accessToken, refresh_token: refreshToken };
}

function liveUser(store: Store, grant: Grant | undefined): UserRecord | undefined {
  if (!grant || grant.expiresAt <= store.now()) return undefined;
  return Object.hasOwn(store.state.users, grant.userId) ? store.state.users[grant.userId] : undefined;
}

/** `tempCodeAuth`: trades a callback code (once) for credentials, or `invalid_callback_code`. */
export function exchangeCallbackCode(store: Store, code: string): Credentials {
  store.prune();
  const grant = lookup(store.state.callbackCodes, code);
  const user = liveUser(store, grant);
  if (!user) throw new EmulatorError('invalid_callback_code', 'The code is unknown, expired or already used.');
  delete store.state.callbackCodes[code];
  return issueCredentials(store, user);
}

/** `refreshTokenAuth`: new credentials for a refresh token (the refresh token stays valid). */
export function refreshCredentials(store: Store, refreshToken: string): Credentials {
  const user = liveUser(store, lookup(store.state.refreshTokens, refreshToken));
  if (!user) throw new EmulatorError('invalid_access_token', 'The refresh token is unknown or expired.');
  return issueCredentials(store, user, refreshToken);
}

/** The user of a live access token, or `invalid_access_token` (also for deleted users). */
export function userOfAccessToken(store: Store, accessToken: string): UserRecord {
  const user = liveUser(store, lookup(store.state.accessTokens, accessToken));
  if (!user) throw new EmulatorError('invalid_access_token', 'The access token is invalid or expired.');
  return user;
}

/**
 * For the `/users/{user_id}/…` token operations: the token's user, which must be the path's
 * user (`permission_denied`, 403, otherwise).
 */
export function userOfTokenForPath(store: Store, accessToken: string, pathUserId: string): UserRecord {
  const user = userOfAccessToken(store, accessToken);
  if (user.id !== pathUserId) {
    throw new EmulatorError('permission_denied', 'The access token belongs to another user than the path user_id.', undefined, 403);
  }
  return user;
}
