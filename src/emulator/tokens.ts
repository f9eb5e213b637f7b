import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { timingSafeEqualString } from '../api/signing.js';
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
  const code = store.rand.uuid();
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

function payloadOf(token: string): { sub?: unknown; exp?: unknown } | null | undefined {
  let claims: { sub?: unknown; exp?: unknown } | null | undefined;
  try {
    const json = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
    // Any JSON value: `?.sub` and `?.exp` of null or of a string or number are undefined, which the caller refuses.
    claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as { sub?: unknown; exp?: unknown } | null;
  } catch {
    // Not base64url JSON: no claims.
  }
  return claims;
}

/**
 * The user of a live ID token (what `GET /userinfo?token=` takes), or `invalid_id_token` (401)
 * for an access token, an expired or forged ID token, or anything else.
 */
export function userOfIdToken(store: Store, token: string): UserRecord {
  const fail = () => new EmulatorError('invalid_id_token', 'Invalid ID Token.');
  const parts = token.split('.');
  const [header, payload, mac] = parts;
  if (parts.length !== 3) throw fail();
  // Stryker disable next-line ConditionalExpression,LogicalOperator: three parts are three strings; these checks only narrow the types
  if (header === undefined || payload === undefined || mac === undefined) throw fail();
  const expected = base64url(hmac(sha256, utf8ToBytes(store.config.secretKey), utf8ToBytes(`${header}.${payload}`)));
  if (!timingSafeEqualString(mac, expected)) throw fail();
  const claims = payloadOf(payload);
  if (typeof claims?.sub !== 'string' || typeof claims.exp !== 'number' || claims.exp * 1000 <= store.now()) throw fail();
  const user = Object.hasOwn(store.state.users, claims.sub) ? store.state.users[claims.sub] : undefined;
  if (!user) throw fail();
  return user;
}

/** Fresh access and id tokens; a new refresh token unless the one being refreshed is kept. */
function issueCredentials(store: Store, user: UserRecord, keptRefreshToken?: string): Credentials {
  const expiresAt = store.now() + store.config.accessTokenTtlMs;
  // Opaque, and never shaped like an ID token: `/userinfo` tells them apart.
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
