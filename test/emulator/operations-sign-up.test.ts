import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectApiError, freshAccessToken, PASSWORD, signedInUser, startFrozenFixture, transports, type Fixture } from './support.js';

describe.each(transports)('emulator sign-up and Marketplace operations (%s)', (transport) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFrozenFixture(transport);
  });
  afterEach(async () => {
    await f.close();
  });

  describe('signUp', () => {
    it('answers 201 with the user and mails a temporary password; the first sign-in confirms the account', async () => {
      const user = await f.api.signUp({ email: 'new@example.com' });
      expect(user).toEqual({ id: expect.any(String), email: 'new@example.com', attributes: {} });
      const mail = f.emulator.control.latestMessage('new@example.com');
      expect(mail).toMatchObject({ template: 'signUp', userId: user.id, temporaryPassword: expect.any(String) });
      const first = f.emulator.control.signIn({ email: 'new@example.com', password: mail?.temporaryPassword ?? '' });
      if (first.kind !== 'NEW_PASSWORD_REQUIRED') throw new Error('expected NEW_PASSWORD_REQUIRED');
      expect(f.emulator.control.respondToChallenge({ session: first.session, newPassword: PASSWORD })).toMatchObject({ kind: 'signedIn' });
      await expectApiError(f.api.resendSignUpConfirmationEmail({ email: 'new@example.com' }), 400, 'user_already_confirmed');
    });

    it('answers 400 email_already_exists for a known address and 400 invalid_parameter for a bad one', async () => {
      await f.api.signUp({ email: 'dup@example.com' });
      await expectApiError(f.api.signUp({ email: 'dup@example.com' }), 400, 'email_already_exists');
      await expectApiError(f.api.signUp({ email: '' }), 400, 'invalid_parameter');
      expect((await f.api.getSaasUsers()).users).toHaveLength(1);
    });
  });

  describe('resendSignUpConfirmationEmail', () => {
    it('re-issues the temporary password after the cooldown (the old one stops working)', async () => {
      await f.api.signUp({ email: 'slow@example.com' });
      const old = f.emulator.control.latestMessage('slow@example.com')?.temporaryPassword ?? '';
      f.emulator.control.clock.advance(60_000);
      await f.api.resendSignUpConfirmationEmail({ email: 'slow@example.com' });
      const mail = f.emulator.control.latestMessage('slow@example.com');
      expect(mail).toMatchObject({ template: 'resendCode', temporaryPassword: expect.any(String) });
      expect(mail?.temporaryPassword).not.toBe(old);
      expect(() => f.emulator.control.signIn({ email: 'slow@example.com', password: old })).toThrow(/Incorrect/);
    });

    it('answers 429 limit_exceeded with the next allowed time during the cooldown', async () => {
      await f.api.signUp({ email: 'eager@example.com' });
      const now = f.emulator.control.clock.now();
      f.emulator.control.clock.advance(10_000);
      const error = await expectApiError(f.api.resendSignUpConfirmationEmail({ email: 'eager@example.com' }), 429, 'limit_exceeded');
      expect(error.data).toEqual({ reason: 'cooldown', retry_after_ms: 50_000, next_allowed_at: now + 60_000 });
    });

    it('answers 404 user_not_found and 400 user_already_confirmed', async () => {
      await expectApiError(f.api.resendSignUpConfirmationEmail({ email: 'ghost@example.com' }), 404, 'user_not_found');
      await f.api.createSaasUser({ email: 'set@example.com', password: PASSWORD });
      await expectApiError(f.api.resendSignUpConfirmationEmail({ email: 'set@example.com' }), 400, 'user_already_confirmed');
    });
  });

  describe('signUpWithAwsMarketplace', () => {
    it('answers 201 and mails a temporary password for a minted token', async () => {
      const registration_token = f.emulator.control.mintRegistrationToken();
      const user = await f.api.signUpWithAwsMarketplace({ email: 'buyer@example.com', registration_token });
      expect(user).toMatchObject({ email: 'buyer@example.com' });
      expect(f.emulator.control.latestMessage('buyer@example.com')).toMatchObject({ template: 'signUp', userId: user.id });
    });

    it('answers 400 invalid_registration_token for unknown, expired and already bound tokens, creating nobody', async () => {
      const unknown = await expectApiError(f.api.signUpWithAwsMarketplace({ email: 'a@example.com', registration_token: 'reg_forged' }), 400, 'invalid_registration_token');
      expect(unknown.data).toEqual({ reason: 'unknown' });
      const short = f.emulator.control.mintRegistrationToken({ ttlMs: 1_000 });
      f.emulator.control.clock.advance(1_000);
      const expired = await expectApiError(f.api.signUpWithAwsMarketplace({ email: 'a@example.com', registration_token: short }), 400, 'invalid_registration_token');
      expect(expired.data).toEqual({ reason: 'expired' });
      const token = f.emulator.control.mintRegistrationToken();
      await f.api.signUpWithAwsMarketplace({ email: 'first@example.com', registration_token: token });
      const temporaryPassword = f.emulator.control.latestMessage('first@example.com')?.temporaryPassword ?? '';
      const first = f.emulator.control.signIn({ email: 'first@example.com', password: temporaryPassword });
      if (first.kind !== 'NEW_PASSWORD_REQUIRED') throw new Error('expected NEW_PASSWORD_REQUIRED');
      f.emulator.control.respondToChallenge({ session: first.session, newPassword: PASSWORD });
      const bound = await expectApiError(f.api.signUpWithAwsMarketplace({ email: 'second@example.com', registration_token: token }), 400, 'invalid_registration_token');
      expect(bound.data).toEqual({ reason: 'bound' });
      expect((await f.api.getSaasUsers()).users.map((u) => u.email)).toEqual(['first@example.com']);
    });

    it('moves a token to a corrected address while its first sign-up has not signed in yet', async () => {
      const registration_token = f.emulator.control.mintRegistrationToken();
      await f.api.signUpWithAwsMarketplace({ email: 'typo@example.con', registration_token });
      const corrected = await f.api.signUpWithAwsMarketplace({ email: 'buyer@example.com', registration_token });
      expect(f.emulator.control.exportState().registrationTokens[registration_token]?.boundUserId).toBe(corrected.id);
    });

    it('answers 400 email_already_exists for a known address', async () => {
      await f.api.signUp({ email: 'known@example.com' });
      const registration_token = f.emulator.control.mintRegistrationToken();
      await expectApiError(f.api.signUpWithAwsMarketplace({ email: 'known@example.com', registration_token }), 400, 'email_already_exists');
    });
  });

  describe('confirmSignUpWithAwsMarketplace', () => {
    it('answers 201 with a new tenant the buyer belongs to, and the token is single-use', async () => {
      const registration_token = f.emulator.control.mintRegistrationToken();
      await f.api.signUpWithAwsMarketplace({ email: 'buyer@example.com', registration_token });
      const temporaryPassword = f.emulator.control.latestMessage('buyer@example.com')?.temporaryPassword ?? '';
      const first = f.emulator.control.signIn({ email: 'buyer@example.com', password: temporaryPassword });
      if (first.kind !== 'NEW_PASSWORD_REQUIRED') throw new Error('expected NEW_PASSWORD_REQUIRED');
      const done = f.emulator.control.respondToChallenge({ session: first.session, newPassword: PASSWORD });
      if (done.kind !== 'signedIn') throw new Error('expected signedIn');
      const { access_token, id_token } = await f.api.getCredentials(done.code);
      const tenant = await f.api.confirmSignUpWithAwsMarketplace({ tenant_name: 'Buyer Inc', access_token, registration_token });
      expect(tenant).toEqual({ id: expect.any(String), name: 'Buyer Inc', attributes: {}, back_office_staff_email: 'buyer@example.com', plan_histories: [] });
      expect(f.emulator.control.userInfo(id_token).tenants.map((t) => t.id)).toEqual([tenant.id]);
      const used = await expectApiError(f.api.confirmSignUpWithAwsMarketplace({ access_token, registration_token }), 400, 'invalid_registration_token');
      expect(used.data).toEqual({ reason: 'used' });
    });

    it('answers 401 invalid_access_token and 400 invalid_registration_token for a token bound to someone else', async () => {
      const registration_token = f.emulator.control.mintRegistrationToken();
      await expectApiError(f.api.confirmSignUpWithAwsMarketplace({ access_token: 'at_forged', registration_token }), 401, 'invalid_access_token');
      await f.api.signUpWithAwsMarketplace({ email: 'buyer@example.com', registration_token });
      const other = await signedInUser(f, 'other@example.com');
      await expectApiError(f.api.confirmSignUpWithAwsMarketplace({ access_token: other.accessToken, registration_token }), 400, 'invalid_registration_token');
    });
  });

  describe('linkAwsMarketplace', () => {
    it('links the purchase to a tenant of the user, once', async () => {
      const { user, accessToken } = await signedInUser(f, 'customer@example.com');
      const tenant = f.emulator.control.createTenant({ name: 'Existing', userId: user.id });
      const registration_token = f.emulator.control.mintRegistrationToken();
      expect(await f.api.linkAwsMarketplace({ tenant_id: tenant.id, access_token: accessToken, registration_token })).toBeUndefined();
      expect(f.emulator.control.exportState().tenants[tenant.id]?.awsMarketplace).toMatchObject({ registrationToken: registration_token });
      await expectApiError(f.api.linkAwsMarketplace({ tenant_id: tenant.id, access_token: accessToken, registration_token }), 400, 'invalid_registration_token');
    });

    it('answers 404 tenant_not_found, 403 permission_denied for a foreign tenant, 401 and 400 for bad tokens', async () => {
      const { accessToken } = await signedInUser(f, 'customer@example.com');
      const foreign = f.emulator.control.createTenant({ name: 'Not yours' });
      const registration_token = f.emulator.control.mintRegistrationToken();
      await expectApiError(f.api.linkAwsMarketplace({ tenant_id: 'nope', access_token: accessToken, registration_token }), 404, 'tenant_not_found');
      await expectApiError(f.api.linkAwsMarketplace({ tenant_id: foreign.id, access_token: accessToken, registration_token }), 403, 'permission_denied');
      await expectApiError(f.api.linkAwsMarketplace({ tenant_id: foreign.id, access_token: 'at_forged', registration_token }), 401, 'invalid_access_token');
      await expectApiError(f.api.linkAwsMarketplace({ tenant_id: foreign.id, access_token: accessToken, registration_token: 'reg_x' }), 400, 'invalid_registration_token');
      expect(f.emulator.control.exportState().registrationTokens[registration_token]?.consumedAt).toBeUndefined();
    });
  });
});
