import type { SaasUser, UserInfo } from '../api/types.js';
import { EmulatorError } from './errors.js';
import { hashPassword } from './random.js';
import type { UserRecord } from './state.js';
import type { Store } from './store.js';
import { toAvailableTenant } from './tenant-records.js';

/** Addresses compare case-insensitively, as Cognito-backed pools do with e-mail aliases. */
export function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The user with this address, if any. */
export function findUserByEmail(store: Store, email: string): UserRecord | undefined {
  for (const user of Object.values(store.state.users)) if (sameEmail(user.email, email)) return user;
  return undefined;
}

/** The user with this id, or `user_not_found`. */
export function requireUser(store: Store, userId: string): UserRecord {
  const user = Object.hasOwn(store.state.users, userId) ? store.state.users[userId] : undefined;
  if (!user) throw new EmulatorError('user_not_found', `User ${userId} does not exist.`);
  return user;
}

/** Throws `email_already_exists` when a user other than `exceptUserId` has this address. */
export function assertEmailFree(store: Store, email: string, exceptUserId?: string): void {
  const owner = findUserByEmail(store, email);
  if (owner && owner.id !== exceptUserId) throw new EmulatorError('email_already_exists', 'A user with this e-mail address already exists.');
}

/** Stores the password as a salted hash. */
export function passwordRecord(store: Store, password: string): { salt: string; hash: string } {
  const salt = store.rand.salt();
  return { salt, hash: hashPassword(salt, password) };
}

/**
 * Creates a user. With a password it is `CONFIRMED`; without, it gets a temporary password and
 * is `FORCE_CHANGE_PASSWORD` until the first password change.
 */
export function createUser(store: Store, email: string, password?: string): UserRecord {
  const now = store.now();
  const user: UserRecord = {
    id: store.rand.uuid(),
    email,
    attributes: {},
    status: password === undefined ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED',
    createdAt: now,
    providers: [],
    mfa: { enabled: false },
  };
  if (password === undefined) {
    user.temporaryPassword = { value: store.rand.temporaryPassword(), expiresAt: now + store.config.temporaryPasswordTtlMs };
  } else {
    user.password = passwordRecord(store, password);
  }
  store.state.users[user.id] = user;
  return user;
}

/** Removes a user and everything that points at it (grants, sessions, memberships). */
export function deleteUser(store: Store, user: UserRecord): void {
  const s = store.state;
  delete s.users[user.id];
  for (const table of [s.accessTokens, s.refreshTokens, s.callbackCodes, s.sessions]) {
    for (const [key, grant] of Object.entries(table)) if (grant.userId === user.id) delete table[key];
  }
  for (const tenant of Object.values(s.tenants)) {
    tenant.members = tenant.members.filter((id) => id !== user.id);
    delete tenant.tenantUsers[user.id];
  }
  for (const key of Object.keys(s.sendLog)) if (key.endsWith(`:${user.id}`)) delete s.sendLog[key];
}

/** Wire shape of a user (`SaasUser`: id, tenants, email, attributes); shares `attributes`, so serialise it before any change. */
export function toSaasUser(user: UserRecord): SaasUser {
  return { id: user.id, email: user.email, attributes: user.attributes };
}

/** `GET /userinfo` shape (`UserInfo`), also the body of `deleteSaasUser`. */
export function toUserInfo(store: Store, user: UserRecord): UserInfo {
  const tenants = Object.values(store.state.tenants)
    .filter((t) => t.members.includes(user.id))
    .map((t) => toAvailableTenant(store.state, t, user.id));
  return { id: user.id, email: user.email, user_attribute: structuredClone(user.attributes), tenants };
}
