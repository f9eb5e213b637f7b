import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tenant } from '../../src/api/index.js';
import { expectApiError, PASSWORD, startFrozenFixture, transports, type Fixture } from './support.js';
import { signedUp, userInfoOf, type Member } from './tenants-support.js';

const PROD_ADMIN = { id: 3, name: 'prod', display_name: '本番環境', roles: [{ role_name: 'admin', display_name: '管理者' }] };
const WEEK = 7 * 24 * 3_600_000;

describe.each(transports)('emulator tenant invitations (%s)', (transport) => {
  let f: Fixture;
  let owner: Member;
  let tenant: Tenant;
  beforeEach(async () => {
    f = await startFrozenFixture(transport);
    owner = await signedUp(f, 'owner@example.com');
    tenant = await f.api.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: owner.email });
    await f.api.createTenantUser(tenant.id, { email: owner.email, attributes: {} });
    await f.api.createTenantUserRoles(tenant.id, owner.id, 3, { role_names: ['admin'] });
  });
  afterEach(() => f.close());

  const invite = (email: string) =>
    f.api.createTenantInvitation(tenant.id, { email, access_token: owner.credentials.access_token, envs: [{ id: 3, role_names: ['admin'] }] });

  it('creates an invitation, mails it, lists and gets it, and an existing user accepts with their access token', async () => {
    const bob = await signedUp(f, 'bob@example.com');
    const invitation = await invite(bob.email);
    expect(invitation).toEqual({
      id: expect.any(String), email: bob.email, invitation_url: expect.stringContaining(invitation.id),
      envs: [PROD_ADMIN], expired_at: Math.floor((f.emulator.control.clock.now() + WEEK) / 1000), status: 'pending',
    });
    const mail = f.emulator.control.latestMessage(bob.email, 'invitation');
    expect(mail).toMatchObject({ template: 'invitation', to: bob.email, userId: bob.id, invitationId: invitation.id, invitationUrl: invitation.invitation_url });
    expect(await f.api.getTenantInvitations(tenant.id)).toEqual({ invitations: [invitation] });
    expect(await f.api.getTenantInvitation(tenant.id, invitation.id)).toEqual(invitation);
    expect(await f.api.getInvitationValidity(invitation.id)).toEqual({ is_valid: true });

    await expectApiError(f.api.validateInvitation(invitation.id, { access_token: owner.credentials.access_token }), 403, 'permission_denied');
    await f.api.validateInvitation(invitation.id, { access_token: bob.credentials.access_token });
    expect((await userInfoOf(f, bob)).tenants).toMatchObject([{ id: tenant.id, envs: [PROD_ADMIN] }]);
    expect(await f.api.getInvitationValidity(invitation.id)).toEqual({ is_valid: false });
    expect((await f.api.getTenantInvitation(tenant.id, invitation.id)).status).toBe('accepted');
    await expectApiError(f.api.validateInvitation(invitation.id, { access_token: bob.credentials.access_token }), 400, 'invalid_invitation');
    await expectApiError(invite(bob.email), 400, 'already_exists');
  });

  it('lets a new user accept with e-mail and password, which creates their account', async () => {
    const invitation = await invite('new@example.com');
    expect(f.emulator.control.latestMessage('new@example.com', 'invitation')?.userId).toBe('');
    await expectApiError(f.api.validateInvitation(invitation.id, { email: 'other@example.com', password: PASSWORD }), 400, 'invalid_parameter');
    await expectApiError(f.api.validateInvitation(invitation.id, { email: 'new@example.com', password: 'short' }), 400, 'invalid_password');
    await expectApiError(f.api.validateInvitation(invitation.id, { email: 'new@example.com' }), 400, 'invalid_parameter');
    await expectApiError(f.api.validateInvitation(invitation.id, {}), 400, 'invalid_parameter');
    await f.api.validateInvitation(invitation.id, { email: 'new@example.com', password: PASSWORD });
    const signIn = f.emulator.control.signIn({ email: 'new@example.com', password: PASSWORD });
    expect(signIn.kind).toBe('signedIn');
    const users = (await f.api.getTenantUsers(tenant.id)).users;
    expect(users.map((u) => [u.email, u.envs])).toEqual([[owner.email, [PROD_ADMIN]], ['new@example.com', [PROD_ADMIN]]]);
  });

  it('refuses an existing user by e-mail and password, and a non-member inviter', async () => {
    const bob = await signedUp(f, 'bob@example.com');
    const invitation = await invite(bob.email);
    await expectApiError(f.api.validateInvitation(invitation.id, { email: bob.email, password: PASSWORD }), 400, 'email_already_exists');
    const outsider = await signedUp(f, 'out@example.com');
    await expectApiError(
      f.api.createTenantInvitation(tenant.id, { email: 'c@example.com', access_token: outsider.credentials.access_token, envs: [{ id: 3, role_names: ['admin'] }] }),
      403, 'permission_denied',
    );
    await expectApiError(
      f.api.createTenantInvitation(tenant.id, { email: 'c@example.com', access_token: 'not-a-token', envs: [{ id: 3, role_names: ['admin'] }] }),
      401, 'invalid_access_token',
    );
    await expectApiError(
      f.api.createTenantInvitation(tenant.id, { email: 'c@example.com', access_token: owner.credentials.access_token, envs: [{ id: 7, role_names: ['admin'] }] }),
      400, 'invalid_parameter',
    );
    await expectApiError(invite(owner.email), 400, 'already_exists');
    await expectApiError(invite(bob.email), 400, 'already_exists'); // still pending
  });

  it('expires after 7 days, deletes, and answers 404 invitation_not_found for unknown ids', async () => {
    const invitation = await invite('late@example.com');
    f.emulator.control.clock.advance(WEEK);
    expect(await f.api.getInvitationValidity(invitation.id)).toEqual({ is_valid: false });
    expect((await f.api.getTenantInvitation(tenant.id, invitation.id)).status).toBe('expired');
    await expectApiError(f.api.validateInvitation(invitation.id, { email: 'late@example.com', password: PASSWORD }), 400, 'invalid_invitation');
    await f.api.deleteTenantInvitation(tenant.id, invitation.id);
    expect(await f.api.getTenantInvitations(tenant.id)).toEqual({ invitations: [] });
    const missing = invitation.id;
    await expectApiError(f.api.getTenantInvitation(tenant.id, missing), 404, 'invitation_not_found');
    await expectApiError(f.api.deleteTenantInvitation(tenant.id, missing), 404, 'invitation_not_found');
    await expectApiError(f.api.getInvitationValidity(missing), 404, 'invitation_not_found');
    await expectApiError(f.api.validateInvitation(missing, { access_token: 'x' }), 404, 'invitation_not_found');
    await expectApiError(f.api.getTenantInvitations('no-such-tenant'), 404, 'tenant_not_found');
  });

  it('keeps an invitation to its tenant and caps re-invitation mails to one address', async () => {
    const other = await f.api.createTenant({ name: 'Other', attributes: {}, back_office_staff_email: owner.email });
    const invitation = await invite('c@example.com');
    await expectApiError(f.api.getTenantInvitation(other.id, invitation.id), 404, 'invitation_not_found');
    await f.api.deleteTenantInvitation(tenant.id, invitation.id);
    await expectApiError(invite('c@example.com'), 429, 'limit_exceeded'); // within the resend cooldown
    f.emulator.control.clock.advance(60_000);
    await invite('c@example.com');
    // Deleting the tenant deletes its invitations.
    const again = (await f.api.getTenantInvitations(tenant.id)).invitations[0];
    await f.api.deleteTenant(tenant.id);
    await expectApiError(f.api.getInvitationValidity(again?.id ?? ''), 404, 'invitation_not_found');
  });
});
