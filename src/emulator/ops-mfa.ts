import { verifySync } from 'otplib';
import type { MfaPreference, SoftwareTokenSecretCode } from '../api/types.js';
import { assertAlive, countWrongAttempt } from './codes.js';
import { EmulatorError } from './errors.js';
import type { OpHandlers } from './op-handler.js';
import type { Store } from './store.js';
import { userOfTokenForPath } from './tokens.js';
import { requireUser } from './users.js';

/** RFC 6238 check (6 digits, 30 s, SHA-1) accepting one step either side, on the emulator clock. */
export function totpMatches(store: Store, secret: string, token: string): boolean {
  if (!/^\d{6}$/.test(token)) return false;
  try {
    return verifySync({ secret, token, epoch: Math.floor(store.now() / 1000), epochTolerance: 30 }).valid;
  } catch {
    return false;
  }
}

/** Authenticator-app enrolment (createSecretCode, updateSoftwareToken) and the MFA preference (get/update). */
export const mfaHandlers: OpHandlers<'createSecretCode' | 'updateSoftwareToken' | 'getUserMfaPreference' | 'updateUserMfaPreference'> = {
  createSecretCode: (store, params, body): SoftwareTokenSecretCode => {
    const user = userOfTokenForPath(store, body.access_token, params.user_id);
    // A new secret replaces any pending one (as Cognito's AssociateSoftwareToken does); the registered one stays until verified.
    user.pendingSecret = { secret: store.rand.totpSecret(), attempts: 0, dead: false };
    return { secret_code: user.pendingSecret.secret };
  },

  updateSoftwareToken: (store, params, body) => {
    const user = userOfTokenForPath(store, body.access_token, params.user_id);
    const pending = user.pendingSecret;
    if (!pending) throw new EmulatorError('secret_code_not_created', 'Call createSecretCode before registering the authenticator app.');
    assertAlive(pending);
    if (!totpMatches(store, pending.secret, body.verification_code)) countWrongAttempt(store, pending);
    user.softwareToken = { secret: pending.secret };
    delete user.pendingSecret;
    return undefined;
  },

  getUserMfaPreference: (store, params): MfaPreference => {
    const { mfa } = requireUser(store, params.user_id);
    return mfa.enabled && mfa.method ? { enabled: true, method: mfa.method } : { enabled: false };
  },

  updateUserMfaPreference: (store, params, body) => {
    const user = requireUser(store, params.user_id);
    if (body.enabled && body.method === 'softwareToken' && !user.softwareToken) {
      throw new EmulatorError('software_token_not_registered', 'Register an authenticator app (updateSoftwareToken) before enabling softwareToken MFA.');
    }
    user.mfa = body.enabled && body.method ? { enabled: true, method: body.method } : { enabled: false };
    return undefined;
  },
};
