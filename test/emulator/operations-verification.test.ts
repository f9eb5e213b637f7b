import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectApiError, freshAccessToken, signedInUser, startFrozenFixture, transports, type Fixture, type SignedInUser } from './support.js';

const HOUR = 3_600_000;

describe.each(transports)('emulator verification operations (%s)', (transport) => {
  let f: Fixture;
  let alice: SignedInUser;
  beforeEach(async () => {
    f = await startFrozenFixture(transport);
    alice = await signedInUser(f, 'alice@example.com');
  });
  afterEach(async () => {
    await f.close();
  });

  const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

  describe('requestEmailUpdate', () => {
    it('mails a 6-digit code valid 24 h to the new address without changing the current one', async () => {
      const before = f.emulator.control.clock.now();
      await f.api.requestEmailUpdate(alice.user.id, { email: 'alice.new@example.com', access_token: alice.accessToken });
      const mail = f.emulator.control.latestMessage('alice.new@example.com');
      expect(mail).toMatchObject({ template: 'updateUserAttribute', userId: alice.user.id, code: expect.stringMatching(/^\d{6}$/) });
      expect(mail?.sentAt).toBeGreaterThanOrEqual(before);
      expect(await f.api.getSaasUser(alice.user.id)).toMatchObject({ email: 'alice@example.com' });
    });

    it('answers 401 invalid_access_token, 403 permission_denied for another user, 400 email_already_exists and 400 invalid_parameter', async () => {
      const bob = await signedInUser(f, 'bob@example.com');
      await expectApiError(f.api.requestEmailUpdate(alice.user.id, { email: 'x@example.com', access_token: 'at_forged' }), 401, 'invalid_access_token');
      await expectApiError(f.api.requestEmailUpdate(alice.user.id, { email: 'x@example.com', access_token: bob.accessToken }), 403, 'permission_denied');
      await expectApiError(f.api.requestEmailUpdate(alice.user.id, { email: 'bob@example.com', access_token: alice.accessToken }), 400, 'email_already_exists');
      await expectApiError(f.api.requestEmailUpdate(alice.user.id, { email: 'nope', access_token: alice.accessToken }), 400, 'invalid_parameter');
      expect(f.emulator.control.outbox({ template: 'updateUserAttribute' })).toEqual([]);
    });
  });

  describe('confirmEmailUpdate', () => {
    it('switches the address when the code matches, once', async () => {
      await f.api.requestEmailUpdate(alice.user.id, { email: 'alice.new@example.com', access_token: alice.accessToken });
      const code = f.emulator.control.latestMessage('alice.new@example.com')?.code ?? '';
      await f.api.confirmEmailUpdate(alice.user.id, { code, access_token: alice.accessToken });
      expect(await f.api.getSaasUser(alice.user.id)).toMatchObject({ email: 'alice.new@example.com' });
      await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code, access_token: alice.accessToken }), 400, 'no_pending_code');
    });

    it('answers 400 code_mismatch with attempts_left, and the code dies after 5 wrong attempts', async () => {
      await f.api.requestEmailUpdate(alice.user.id, { email: 'alice.new@example.com', access_token: alice.accessToken });
      const code = f.emulator.control.latestMessage('alice.new@example.com')?.code ?? '';
      for (const left of [4, 3, 2, 1, 0]) {
        const error = await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: wrong(code), access_token: alice.accessToken }), 400, 'code_mismatch');
        expect(error.data).toEqual({ attempts_left: left });
      }
      await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code, access_token: alice.accessToken }), 400, 'too_many_attempts');
      expect(await f.api.getSaasUser(alice.user.id)).toMatchObject({ email: 'alice@example.com' });
    });

    it('answers 400 expired_code after 24 h', async () => {
      await f.api.requestEmailUpdate(alice.user.id, { email: 'alice.new@example.com', access_token: alice.accessToken });
      const code = f.emulator.control.latestMessage('alice.new@example.com')?.code ?? '';
      f.emulator.control.clock.advance(24 * HOUR - 1);
      // Access tokens live 1 h: sign in again for one that is still valid.
      let token = await freshAccessToken(f, 'alice@example.com');
      const wrongOnce = await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: wrong(code), access_token: token }), 400, 'code_mismatch');
      expect(wrongOnce.data).toEqual({ attempts_left: 4 });
      f.emulator.control.clock.advance(1);
      token = await freshAccessToken(f, 'alice@example.com');
      await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code, access_token: token }), 400, 'expired_code');
    });

    it('answers 400 no_pending_code, 400 invalid_parameter for a malformed code, 401 and 403 for bad tokens', async () => {
      const bob = await signedInUser(f, 'bob@example.com');
      await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: '123456', access_token: alice.accessToken }), 400, 'no_pending_code');
      await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: '12345', access_token: alice.accessToken }), 400, 'invalid_parameter');
      await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: '123456', access_token: 'at_forged' }), 401, 'invalid_access_token');
      await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: '123456', access_token: bob.accessToken }), 403, 'permission_denied');
    });
  });

  describe('requestExternalUserLink', () => {
    it('mails a code to the address of the token user', async () => {
      await f.api.requestExternalUserLink({ access_token: alice.accessToken });
      expect(f.emulator.control.latestMessage('alice@example.com', 'verifyExternalUser')).toMatchObject({ userId: alice.user.id, code: expect.stringMatching(/^\d{6}$/) });
    });

    it('answers 401 invalid_access_token and 400 provider_already_linked', async () => {
      await expectApiError(f.api.requestExternalUserLink({ access_token: 'at_forged' }), 401, 'invalid_access_token');
      await f.api.requestExternalUserLink({ access_token: alice.accessToken });
      const code = f.emulator.control.latestMessage('alice@example.com', 'verifyExternalUser')?.code ?? '';
      await f.api.confirmExternalUserLink({ access_token: alice.accessToken, code });
      await expectApiError(f.api.requestExternalUserLink({ access_token: alice.accessToken }), 400, 'provider_already_linked');
    });
  });

  describe('confirmExternalUserLink', () => {
    it('links Google: afterwards a Google sign-in resolves to the same user', async () => {
      await expect(Promise.resolve().then(() => f.emulator.control.signInWithGoogle({ email: 'alice@example.com' }))).rejects.toMatchObject({
        type: 'external_user_not_linked',
      });
      await f.api.requestExternalUserLink({ access_token: alice.accessToken });
      const code = f.emulator.control.latestMessage('alice@example.com', 'verifyExternalUser')?.code ?? '';
      await f.api.confirmExternalUserLink({ access_token: alice.accessToken, code });
      expect(f.emulator.control.signInWithGoogle({ email: 'alice@example.com' })).toMatchObject({ kind: 'signedIn', userId: alice.user.id });
    });

    it('answers 400 code_mismatch, 400 expired_code, 400 no_pending_code and 401 invalid_access_token', async () => {
      await expectApiError(f.api.confirmExternalUserLink({ access_token: alice.accessToken, code: '123456' }), 400, 'no_pending_code');
      await f.api.requestExternalUserLink({ access_token: alice.accessToken });
      const code = f.emulator.control.latestMessage('alice@example.com', 'verifyExternalUser')?.code ?? '';
      const error = await expectApiError(f.api.confirmExternalUserLink({ access_token: alice.accessToken, code: wrong(code) }), 400, 'code_mismatch');
      expect(error.data).toEqual({ attempts_left: 4 });
      await expectApiError(f.api.confirmExternalUserLink({ access_token: 'at_forged', code }), 401, 'invalid_access_token');
      f.emulator.control.clock.advance(24 * HOUR);
      await expectApiError(f.api.confirmExternalUserLink({ access_token: alice.accessToken, code }), 401, 'invalid_access_token');
      const token = await freshAccessToken(f, 'alice@example.com');
      await expectApiError(f.api.confirmExternalUserLink({ access_token: token, code }), 400, 'expired_code');
    });
  });

  describe('unlinkProvider', () => {
    it('removes the Google link', async () => {
      await f.api.requestExternalUserLink({ access_token: alice.accessToken });
      const code = f.emulator.control.latestMessage('alice@example.com', 'verifyExternalUser')?.code ?? '';
      await f.api.confirmExternalUserLink({ access_token: alice.accessToken, code });
      await f.api.unlinkProvider('Google', alice.user.id);
      expect(() => f.emulator.control.signInWithGoogle({ email: 'alice@example.com' })).toThrow(/no linked Google account/);
    });

    it('answers 400 provider_not_linked, 400 invalid_parameter for another provider and 404 user_not_found', async () => {
      await expectApiError(f.api.unlinkProvider('Google', alice.user.id), 400, 'provider_not_linked');
      await expectApiError(f.api.unlinkProvider('Facebook', alice.user.id), 400, 'invalid_parameter');
      await expectApiError(f.api.unlinkProvider('Google', 'nobody'), 404, 'user_not_found');
    });
  });
});
