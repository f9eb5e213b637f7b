import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectApiError, PASSWORD, signedInUser, startFixture, transports, type Fixture } from './support.js';

describe.each(transports)('emulator user operations (%s)', (transport) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture(transport);
  });
  afterEach(async () => {
    await f.close();
  });

  describe('getSaasUsers', () => {
    it('lists every user in creation order', async () => {
      expect(await f.api.getSaasUsers()).toEqual({ users: [] });
      const a = await f.api.signUp({ email: 'a@example.com' });
      const b = await f.api.createSaasUser({ email: 'b@example.com', password: PASSWORD });
      expect(await f.api.getSaasUsers()).toEqual({ users: [a, b] });
    });
  });

  describe('createSaasUser', () => {
    it('answers 201 with a confirmed user who can sign in with the given password and gets no mail', async () => {
      const user = await f.api.createSaasUser({ email: 'admin-made@example.com', password: PASSWORD });
      expect(user).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), email: 'admin-made@example.com', attributes: {} });
      expect(f.emulator.control.outbox({ to: 'admin-made@example.com' })).toEqual([]);
      expect(f.emulator.control.signIn({ email: 'admin-made@example.com', password: PASSWORD })).toMatchObject({ kind: 'signedIn', userId: user.id });
    });

    it('mails a temporary password (createUser) when no password is given, forcing a change at first sign-in', async () => {
      const user = await f.api.createSaasUser({ email: 'invited@example.com' });
      const mail = f.emulator.control.latestMessage('invited@example.com');
      expect(mail).toMatchObject({ template: 'signUp', userId: user.id, temporaryPassword: expect.any(String) });
      expect(f.emulator.control.signIn({ email: 'invited@example.com', password: mail?.temporaryPassword ?? '' }).kind).toBe('NEW_PASSWORD_REQUIRED');
    });

    it('rejects a duplicate address with 400 email_already_exists, case-insensitively', async () => {
      await f.api.createSaasUser({ email: 'dup@example.com' });
      await expectApiError(f.api.createSaasUser({ email: 'DUP@example.com' }), 400, 'email_already_exists');
      expect((await f.api.getSaasUsers()).users).toHaveLength(1);
    });

    it('rejects an invalid address with 400 invalid_parameter and a weak password with 400 invalid_password', async () => {
      await expectApiError(f.api.createSaasUser({ email: 'not-an-address' }), 400, 'invalid_parameter');
      await expectApiError(f.api.createSaasUser({ email: 'weak@example.com', password: 'short' }), 400, 'invalid_password');
      expect((await f.api.getSaasUsers()).users).toEqual([]);
    });
  });

  describe('getSaasUser', () => {
    it('returns the user by id', async () => {
      const user = await f.api.signUp({ email: 'get@example.com' });
      expect(await f.api.getSaasUser(user.id)).toEqual(user);
    });

    it('answers 404 user_not_found for an unknown id', async () => {
      await expectApiError(f.api.getSaasUser('f94bfffc-8be2-11ec-b41a-0242ac120004'), 404, 'user_not_found');
    });
  });

  describe('deleteSaasUser', () => {
    it('deletes the user, answers its UserInfo with tenants, and invalidates its access token', async () => {
      const { user, accessToken } = await signedInUser(f, 'leaving@example.com');
      const tenant = f.emulator.control.createTenant({ name: 'Acme', userId: user.id });
      const info = await f.api.deleteSaasUser(user.id);
      expect(info).toMatchObject({ id: user.id, email: 'leaving@example.com', tenants: [{ id: tenant.id, name: 'Acme' }] });
      await expectApiError(f.api.getSaasUser(user.id), 404, 'user_not_found');
      await expectApiError(f.api.createSecretCode(user.id, { access_token: accessToken }), 401, 'invalid_access_token');
    });

    it('answers 404 user_not_found for an unknown id', async () => {
      await expectApiError(f.api.deleteSaasUser('nobody'), 404, 'user_not_found');
    });
  });

  describe('updateSaasUserPassword', () => {
    it('sets a permanent password that confirms a user still on a temporary one', async () => {
      const user = await f.api.signUp({ email: 'pw@example.com' });
      expect(await f.api.updateSaasUserPassword(user.id, { password: 'An0ther-pass' })).toBeUndefined();
      expect(f.emulator.control.signIn({ email: 'pw@example.com', password: 'An0ther-pass' }).kind).toBe('signedIn');
    });

    it('with temporary: true forces a new password at the next sign-in', async () => {
      const user = await f.api.createSaasUser({ email: 'temp@example.com', password: PASSWORD });
      await f.api.updateSaasUserPassword(user.id, { password: 'OneTime-123', temporary: true });
      expect(f.emulator.control.signIn({ email: 'temp@example.com', password: 'OneTime-123' }).kind).toBe('NEW_PASSWORD_REQUIRED');
    });

    it('answers 404 user_not_found for an unknown user and 400 invalid_password for a weak password', async () => {
      await expectApiError(f.api.updateSaasUserPassword('nobody', { password: PASSWORD }), 404, 'user_not_found');
      const user = await f.api.createSaasUser({ email: 'keep@example.com', password: PASSWORD });
      await expectApiError(f.api.updateSaasUserPassword(user.id, { password: 'weak' }), 400, 'invalid_password');
      expect(f.emulator.control.signIn({ email: 'keep@example.com', password: PASSWORD }).kind).toBe('signedIn');
    });
  });

  describe('updateSaasUserEmail', () => {
    it('changes the address at once, without a code', async () => {
      const user = await f.api.signUp({ email: 'old@example.com' });
      await f.api.updateSaasUserEmail(user.id, { email: 'new@example.com' });
      expect(await f.api.getSaasUser(user.id)).toMatchObject({ email: 'new@example.com' });
      expect(f.emulator.control.outbox({ to: 'new@example.com' })).toEqual([]);
    });

    it("accepts the user's own address in another letter case", async () => {
      const user = await f.api.signUp({ email: 'same@example.com' });
      await f.api.updateSaasUserEmail(user.id, { email: 'Same@Example.com' });
      expect(await f.api.getSaasUser(user.id)).toMatchObject({ email: 'Same@Example.com' });
    });

    it('answers 400 email_already_exists, 400 invalid_parameter and 404 user_not_found', async () => {
      const a = await f.api.signUp({ email: 'a@example.com' });
      await f.api.signUp({ email: 'b@example.com' });
      await expectApiError(f.api.updateSaasUserEmail(a.id, { email: 'b@example.com' }), 400, 'email_already_exists');
      await expectApiError(f.api.updateSaasUserEmail(a.id, { email: 'nope' }), 400, 'invalid_parameter');
      await expectApiError(f.api.updateSaasUserEmail('nobody', { email: 'c@example.com' }), 404, 'user_not_found');
      expect(await f.api.getSaasUser(a.id)).toMatchObject({ email: 'a@example.com' });
    });
  });

  describe('updateSaasUserAttributes', () => {
    it('merges the given keys and removes keys set to null', async () => {
      const user = await f.api.signUp({ email: 'attrs@example.com' });
      await f.api.updateSaasUserAttributes(user.id, { attributes: { plan: 'pro', seats: 3 } });
      await f.api.updateSaasUserAttributes(user.id, { attributes: { seats: null, nested: { a: [1, 2] } } });
      expect((await f.api.getSaasUser(user.id)).attributes).toEqual({ plan: 'pro', nested: { a: [1, 2] } });
    });

    it('answers 400 invalid_parameter for non-object attributes and 404 user_not_found for an unknown user', async () => {
      const user = await f.api.signUp({ email: 'attrs2@example.com' });
      await expectApiError(f.api.updateSaasUserAttributes(user.id, { attributes: [1] } as never), 400, 'invalid_parameter');
      await expectApiError(f.api.updateSaasUserAttributes('nobody', { attributes: {} }), 404, 'user_not_found');
    });
  });
});
