import type { SaasUser, SaasUsers, UserInfo } from '../api/types.js';
import { sendMail } from './codes.js';
import { EmulatorError } from './errors.js';
import type { OpHandlers } from './op-handler.js';
import { isValidPassword } from './password-policy.js';
import { assertEmailFree, createUser, deleteUser, passwordRecord, requireUser, toSaasUser, toUserInfo } from './users.js';

/** Throws `invalid_password` when a password breaks the policy. */
export function assertPasswordPolicy(password: string): void {
  if (!isValidPassword(password)) {
    throw new EmulatorError('invalid_password', 'The password must be 8 to 256 characters with at least one letter and one digit.');
  }
}

/** Admin user operations: list, create, get, delete, set password, set e-mail, update attributes. */
export const userHandlers: OpHandlers<
  'getSaasUsers' | 'createSaasUser' | 'getSaasUser' | 'deleteSaasUser' | 'updateSaasUserPassword' | 'updateSaasUserEmail' | 'updateSaasUserAttributes'
> = {
  getSaasUsers: (store): SaasUsers => ({
    users: Object.values(store.state.users)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map(toSaasUser),
  }),

  createSaasUser: (store, _params, body): SaasUser => {
    if (body.password !== undefined) assertPasswordPolicy(body.password);
    assertEmailFree(store, body.email);
    const user = createUser(store, body.email, body.password);
    if (user.temporaryPassword) {
      sendMail(store, 'signUp', user, { template: 'signUp', to: user.email, temporaryPassword: user.temporaryPassword.value });
    }
    return toSaasUser(user);
  },

  getSaasUser: (store, params): SaasUser => toSaasUser(requireUser(store, params.user_id)),

  deleteSaasUser: (store, params): UserInfo => {
    const user = requireUser(store, params.user_id);
    const info = toUserInfo(store, user);
    deleteUser(store, user);
    return info;
  },

  updateSaasUserPassword: (store, params, body) => {
    const user = requireUser(store, params.user_id);
    assertPasswordPolicy(body.password);
    if (body.temporary === true) {
      // Newest spec: a one-time password, to be changed at the next sign-in.
      user.status = 'FORCE_CHANGE_PASSWORD';
      user.temporaryPassword = { value: body.password, expiresAt: store.now() + store.config.temporaryPasswordTtlMs };
      delete user.password;
    } else {
      user.status = 'CONFIRMED';
      user.password = passwordRecord(store, body.password);
      delete user.temporaryPassword;
    }
    return undefined;
  },

  updateSaasUserEmail: (store, params, body) => {
    const user = requireUser(store, params.user_id);
    assertEmailFree(store, body.email, user.id);
    user.email = body.email;
    return undefined;
  },

  updateSaasUserAttributes: (store, params, body) => {
    const user = requireUser(store, params.user_id);
    // Merge of the given keys (SaaSus does not document it; a merge is what its samples expect); a null value removes the key.
    for (const [key, value] of Object.entries(body.attributes)) {
      if (value === null) delete user.attributes[key];
      else Object.defineProperty(user.attributes, key, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
    }
    return undefined;
  },
};
