import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticatorFor, expectApiError, PASSWORD, signedInUser, startFrozenFixture, transports, type Fixture, type SignedInUser } from './support.js';

describe.each(transports)('emulator MFA operations (%s)', (transport) => {
  let f: Fixture;
  let alice: SignedInUser;
  beforeEach(async () => {
    f = await startFrozenFixture(transport);
    alice = await signedInUser(f, 'alice@example.com');
  });
  afterEach(async () => {
    await f.close();
  });

  async function enrol(): Promise<string> {
    const { secret_code } = await f.api.createSecretCode(alice.user.id, { access_token: alice.accessToken });
    await f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: authenticatorFor(f.emulator).code(secret_code) });
    return secret_code;
  }

  describe('createSecretCode', () => {
    it('answers 201 with a fresh base32 secret each time', async () => {
      const first = await f.api.createSecretCode(alice.user.id, { access_token: alice.accessToken });
      const second = await f.api.createSecretCode(alice.user.id, { access_token: alice.accessToken });
      expect(first.secret_code).toMatch(/^[A-Z2-7]{32}$/);
      expect(second.secret_code).not.toBe(first.secret_code);
    });

    it('answers 401 invalid_access_token and 403 permission_denied for another user', async () => {
      const bob = await signedInUser(f, 'bob@example.com');
      await expectApiError(f.api.createSecretCode(alice.user.id, { access_token: 'at_forged' }), 401, 'invalid_access_token');
      await expectApiError(f.api.createSecretCode(alice.user.id, { access_token: bob.accessToken }), 403, 'permission_denied');
    });
  });

  describe('updateSoftwareToken', () => {
    it('registers the app for a current code, one 30 s step late too', async () => {
      const { secret_code } = await f.api.createSecretCode(alice.user.id, { access_token: alice.accessToken });
      const code = authenticatorFor(f.emulator).code(secret_code);
      f.emulator.control.clock.advance(30_000);
      await f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: code });
      await f.api.updateUserMfaPreference(alice.user.id, { enabled: true, method: 'softwareToken' });
      expect(await f.api.getUserMfaPreference(alice.user.id)).toEqual({ enabled: true, method: 'softwareToken' });
    });

    it('answers 400 code_mismatch for a wrong or two-steps-old code, then too_many_attempts after 5', async () => {
      const { secret_code } = await f.api.createSecretCode(alice.user.id, { access_token: alice.accessToken });
      const app = authenticatorFor(f.emulator);
      const old = app.code(secret_code);
      f.emulator.control.clock.advance(61_000);
      const first = await expectApiError(f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: old }), 400, 'code_mismatch');
      expect(first.data).toEqual({ attempts_left: 4 });
      for (let i = 0; i < 4; i++) {
        await expectApiError(
          f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: app.wrongCode(secret_code) }),
          400,
          'code_mismatch',
        );
      }
      await expectApiError(
        f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: app.code(secret_code) }),
        400,
        'too_many_attempts',
      );
    });

    it('answers 400 secret_code_not_created, 400 invalid_parameter, 401 and 403 for bad tokens', async () => {
      const bob = await signedInUser(f, 'bob@example.com');
      await expectApiError(f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: '123456' }), 400, 'secret_code_not_created');
      await expectApiError(f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: 'abcdef' }), 400, 'invalid_parameter');
      await expectApiError(f.api.updateSoftwareToken(alice.user.id, { access_token: 'at_forged', verification_code: '123456' }), 401, 'invalid_access_token');
      await expectApiError(f.api.updateSoftwareToken(alice.user.id, { access_token: bob.accessToken, verification_code: '123456' }), 403, 'permission_denied');
    });
  });

  describe('getUserMfaPreference', () => {
    it('answers {enabled:false} (no method) while MFA is off', async () => {
      expect(await f.api.getUserMfaPreference(alice.user.id)).toEqual({ enabled: false });
    });

    it('answers 404 user_not_found for an unknown user', async () => {
      await expectApiError(f.api.getUserMfaPreference('nobody'), 404, 'user_not_found');
    });
  });

  describe('updateUserMfaPreference', () => {
    it('enables softwareToken MFA after registration, after which sign-in asks for a TOTP code, and disables it again', async () => {
      const secret = await enrol();
      await f.api.updateUserMfaPreference(alice.user.id, { enabled: true, method: 'softwareToken' });
      const step = f.emulator.control.signIn({ email: 'alice@example.com', password: PASSWORD });
      if (step.kind !== 'SOFTWARE_TOKEN_MFA') throw new Error(`expected SOFTWARE_TOKEN_MFA, got ${step.kind}`);
      const done = f.emulator.control.respondToChallenge({ session: step.session, totpCode: authenticatorFor(f.emulator).code(secret) });
      expect(done).toMatchObject({ kind: 'signedIn', userId: alice.user.id });
      await f.api.updateUserMfaPreference(alice.user.id, { enabled: false, method: 'softwareToken' });
      expect(await f.api.getUserMfaPreference(alice.user.id)).toEqual({ enabled: false });
      expect(f.emulator.control.signIn({ email: 'alice@example.com', password: PASSWORD }).kind).toBe('signedIn');
    });

    it('answers 400 software_token_not_registered before registration, 400 invalid_parameter without a method, 404 for an unknown user', async () => {
      await expectApiError(f.api.updateUserMfaPreference(alice.user.id, { enabled: true, method: 'softwareToken' }), 400, 'software_token_not_registered');
      await expectApiError(f.api.updateUserMfaPreference(alice.user.id, { enabled: true }), 400, 'invalid_parameter');
      await expectApiError(f.api.updateUserMfaPreference(alice.user.id, { enabled: true, method: 'sms' } as never), 400, 'invalid_parameter');
      await expectApiError(f.api.updateUserMfaPreference('nobody', { enabled: false }), 404, 'user_not_found');
      expect(await f.api.getUserMfaPreference(alice.user.id)).toEqual({ enabled: false });
    });
  });
});
