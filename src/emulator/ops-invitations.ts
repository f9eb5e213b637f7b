import type { Invitation, Invitations, InvitationStatus, InvitationValidity } from '../api/types.js';
import { assertSendAllowed } from './codes.js';
import { EmulatorError, invalidParameter } from './errors.js';
import type { OpHandlers } from './op-handler.js';
import { assertPasswordPolicy } from './ops-users.js';
import { addMember, assertRolesExist, grantRoles, requireTenant } from './ops-tenants.js';
import { CONTROL_PREFIX } from './routes-control.js';
import type { InvitationRecord, TenantRecord } from './state.js';
import type { Store } from './store.js';
import { availableEnvs, envById, tenantUserOf } from './tenant-records.js';
import { userOfAccessToken } from './tokens.js';
import { createUser, findUserByEmail, sameEmail } from './users.js';
import type { OutboxMessage } from './types.js';

/** How long an invitation can be accepted: 7 days. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

/** Where the invitee accepts: the emulator's hosted sign-in page, with the invitation id. */
export function invitationUrl(id: string): string {
  return `${CONTROL_PREFIX}/login?invitation_id=${encodeURIComponent(id)}`;
}

function statusOf(store: Store, invitation: InvitationRecord): InvitationStatus {
  if (invitation.acceptedAt !== undefined) return 'accepted';
  return invitation.expiresAt <= store.now() ? 'expired' : 'pending';
}

function toInvitation(store: Store, invitation: InvitationRecord): Invitation {
  return {
    id: invitation.id,
    email: invitation.email,
    invitation_url: invitationUrl(invitation.id),
    envs: availableEnvs(store.state, Object.fromEntries(invitation.envs.map((env) => [String(env.id), env.roleNames]))),
    expired_at: Math.floor(invitation.expiresAt / 1000),
    status: statusOf(store, invitation),
  };
}

/** The invitation with this id, or `invitation_not_found`; with `tenant`, it must be one of its invitations. */
function requireInvitation(store: Store, invitationId: string, tenant?: TenantRecord): InvitationRecord {
  const invitation = Object.hasOwn(store.state.invitations, invitationId) ? store.state.invitations[invitationId] : undefined;
  if (!invitation || (tenant !== undefined && invitation.tenantId !== tenant.id)) {
    throw new EmulatorError('invitation_not_found', `Invitation ${invitationId} does not exist.`);
  }
  return invitation;
}

/** Mail sends to one address share the resend cooldown and hourly cap, whoever invites. */
const mailKey = (email: string) => `to-${email.toLowerCase()}`;

function mailInvitation(store: Store, invitation: InvitationRecord): void {
  const now = store.now();
  const key = `invitation:${mailKey(invitation.email)}`;
  store.state.sendLog[key] = [...(store.state.sendLog[key] ?? []).filter((t) => t > now - 3_600_000), now];
  const entry: OutboxMessage = {
    id: store.rand.uuid(),
    template: 'invitation',
    to: invitation.email,
    userId: findUserByEmail(store, invitation.email)?.id ?? '',
    sentAt: now,
    invitationId: invitation.id,
    invitationUrl: invitationUrl(invitation.id),
  };
  const outbox = store.state.outbox;
  outbox.push(entry);
  if (outbox.length > store.config.outboxLimit) outbox.splice(0, outbox.length - store.config.outboxLimit);
}

/** Tenant invitations: create (mailed), list, get, delete, validity, validate (accept). */
export const invitationHandlers: OpHandlers<
  'getTenantInvitations' | 'createTenantInvitation' | 'getTenantInvitation' | 'deleteTenantInvitation' | 'getInvitationValidity' | 'validateInvitation'
> = {
  getTenantInvitations: (store, params): Invitations => {
    const tenant = requireTenant(store, params.tenant_id);
    const invitations = Object.values(store.state.invitations)
      .filter((invitation) => invitation.tenantId === tenant.id)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    return { invitations: invitations.map((invitation) => toInvitation(store, invitation)) };
  },

  createTenantInvitation: (store, params, body): Invitation => {
    const tenant = requireTenant(store, params.tenant_id);
    const inviter = userOfAccessToken(store, body.access_token);
    if (!tenant.members.includes(inviter.id)) throw new EmulatorError('permission_denied', 'The inviter is not a user of this tenant.', undefined, 403);
    const envs = body.envs.map((env) => {
      if (!envById(env.id)) throw invalidParameter(`Env ${env.id} does not exist.`);
      assertRolesExist(store.state, env.role_names);
      return { id: env.id, roleNames: [...new Set(env.role_names)] };
    });
    if (new Set(envs.map((env) => env.id)).size !== envs.length) throw invalidParameter('Each env may appear once.');
    const invitee = findUserByEmail(store, body.email);
    if (invitee && tenant.members.includes(invitee.id)) throw new EmulatorError('already_exists', 'The user is already a user of this tenant.');
    const pending = Object.values(store.state.invitations).some(
      (other) => other.tenantId === tenant.id && sameEmail(other.email, body.email) && statusOf(store, other) === 'pending',
    );
    if (pending) throw new EmulatorError('already_exists', 'This address already has a pending invitation to this tenant; delete it to invite again.');
    assertSendAllowed(store, 'invitation', mailKey(body.email));
    const now = store.now();
    const invitation: InvitationRecord = {
      id: store.rand.uuid(),
      tenantId: tenant.id,
      email: body.email,
      envs,
      inviterId: inviter.id,
      createdAt: now,
      expiresAt: now + INVITATION_TTL_MS,
    };
    store.state.invitations[invitation.id] = invitation;
    mailInvitation(store, invitation);
    return toInvitation(store, invitation);
  },

  getTenantInvitation: (store, params): Invitation =>
    toInvitation(store, requireInvitation(store, params.invitation_id, requireTenant(store, params.tenant_id))),

  deleteTenantInvitation: (store, params) => {
    const invitation = requireInvitation(store, params.invitation_id, requireTenant(store, params.tenant_id));
    delete store.state.invitations[invitation.id];
    return undefined;
  },

  getInvitationValidity: (store, params): InvitationValidity => ({
    is_valid: statusOf(store, requireInvitation(store, params.invitation_id)) === 'pending',
  }),

  validateInvitation: (store, params, body) => {
    const invitation = requireInvitation(store, params.invitation_id);
    const status = statusOf(store, invitation);
    if (status !== 'pending') throw new EmulatorError('invalid_invitation', status === 'accepted' ? 'The invitation was already accepted.' : 'The invitation has expired.', { status });
    const tenant = requireTenant(store, invitation.tenantId);
    const byToken = body.access_token !== undefined;
    if (byToken === (body.email !== undefined || body.password !== undefined)) {
      throw invalidParameter('Send the invitee\'s "access_token", or "email" and "password" for a new user.');
    }
    let userId: string;
    if (body.access_token !== undefined) {
      const user = userOfAccessToken(store, body.access_token);
      if (!sameEmail(user.email, invitation.email)) throw new EmulatorError('permission_denied', 'The invitation is for another e-mail address.', undefined, 403);
      userId = user.id;
    } else {
      if (body.email === undefined || body.password === undefined) throw invalidParameter('Send both "email" and "password" for a new user.');
      if (!sameEmail(body.email, invitation.email)) throw invalidParameter('The invitation is for another e-mail address.');
      if (findUserByEmail(store, body.email)) {
        throw new EmulatorError('email_already_exists', 'A user with this address exists; accept with their access token.');
      }
      assertPasswordPolicy(body.password);
      userId = createUser(store, invitation.email, body.password).id;
    }
    const membership = tenantUserOf(tenant, userId) ?? addMember(store, tenant, userId, {});
    if (!tenant.members.includes(userId)) tenant.members.push(userId);
    for (const env of invitation.envs) grantRoles(membership, env.id, env.roleNames);
    invitation.acceptedAt = store.now();
    return undefined;
  },
};
