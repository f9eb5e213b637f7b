import { assertSendAllowed, newPendingCode, sendMail, verifyPendingCode } from './codes.js';
import { EmulatorError, invalidParameter } from './errors.js';
import type { OpHandlers } from './op-handler.js';
import { userOfAccessToken, userOfTokenForPath } from './tokens.js';
import { assertEmailFree, findUserByEmail, requireUser } from './users.js';

/** E-mail change by the user and Google linking, both proved with a mailed code (request/confirm e-mail update, unlink, request/confirm external user link). */
export const verificationHandlers: OpHandlers<
  'requestEmailUpdate' | 'confirmEmailUpdate' | 'requestExternalUserLink' | 'confirmExternalUserLink' | 'unlinkProvider'
> = {
  requestEmailUpdate: (store, params, body) => {
    const user = userOfTokenForPath(store, body.access_token, params.user_id);
    assertEmailFree(store, body.email);
    assertSendAllowed(store, 'emailUpdate', user.id);
    const pending = { ...newPendingCode(store), newEmail: body.email };
    user.pendingEmailUpdate = pending;
    sendMail(store, 'emailUpdate', user, { template: 'updateUserAttribute', to: body.email, code: pending.code });
    return undefined;
  },

  confirmEmailUpdate: (store, params, body) => {
    const user = userOfTokenForPath(store, body.access_token, params.user_id);
    const pending = user.pendingEmailUpdate;
    verifyPendingCode(store, pending, body.code);
    const owner = findUserByEmail(store, pending.newEmail);
    if (owner && owner.id !== user.id) {
      delete user.pendingEmailUpdate;
      throw new EmulatorError('email_already_exists', 'The new address was taken in the meantime.');
    }
    user.email = pending.newEmail;
    delete user.pendingEmailUpdate;
    return undefined;
  },

  requestExternalUserLink: (store, _params, body) => {
    const user = userOfAccessToken(store, body.access_token);
    if (user.providers.includes('Google')) throw new EmulatorError('provider_already_linked', 'A Google account is already linked.');
    assertSendAllowed(store, 'externalLink', user.id);
    const pending = newPendingCode(store);
    user.pendingExternalLink = pending;
    sendMail(store, 'externalLink', user, { template: 'verifyExternalUser', to: user.email, code: pending.code });
    return undefined;
  },

  confirmExternalUserLink: (store, _params, body) => {
    const user = userOfAccessToken(store, body.access_token);
    verifyPendingCode(store, user.pendingExternalLink, body.code);
    if (!user.providers.includes('Google')) user.providers.push('Google');
    delete user.pendingExternalLink;
    return undefined;
  },

  unlinkProvider: (store, params) => {
    if (params.provider_name !== 'Google') throw invalidParameter('"provider_name" must be "Google".');
    const user = requireUser(store, params.user_id);
    if (!user.providers.includes('Google')) throw new EmulatorError('provider_not_linked', 'No Google account is linked to this user.');
    user.providers = user.providers.filter((p) => p !== 'Google');
    return undefined;
  },
};
