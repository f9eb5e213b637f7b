import type { SaasUser, Tenant } from '../api/types.js';
import { assertSendAllowed, sendMail } from './codes.js';
import { EmulatorError } from './errors.js';
import type { OpHandlers } from './op-handler.js';
import type { RegistrationTokenRecord, TenantRecord, UserRecord } from './state.js';
import type { Store } from './store.js';
import { adminTenantUser } from './tenant-records.js';
import { userOfAccessToken } from './tokens.js';
import { assertEmailFree, createUser, findUserByEmail, toSaasUser } from './users.js';

/**
 * A registration token usable now (minted, unexpired, unconsumed, and not bound to another
 * user), or `invalid_registration_token` with `data.reason`.
 */
function usableRegistrationToken(store: Store, token: string, forUser?: UserRecord): RegistrationTokenRecord {
  const record = Object.hasOwn(store.state.registrationTokens, token) ? store.state.registrationTokens[token] : undefined;
  const fail = (reason: string, message: string) => new EmulatorError('invalid_registration_token', message, { reason });
  if (!record) throw fail('unknown', 'The registration token is not valid.');
  if (record.consumedAt !== undefined) throw fail('used', 'The registration token was already used.');
  if (record.expiresAt <= store.now()) throw fail('expired', 'The registration token has expired.');
  if (record.boundUserId !== undefined && record.boundUserId !== forUser?.id) {
    throw fail('bound', 'The registration token belongs to another sign-up.');
  }
  return record;
}

/** Wire shape of a tenant, as confirmSignUpWithAwsMarketplace answers it. */
export function toTenant(tenant: TenantRecord): Tenant {
  return {
    id: tenant.id,
    name: tenant.name,
    attributes: structuredClone(tenant.attributes),
    back_office_staff_email: tenant.backOfficeStaffEmail,
    plan_histories: [],
  };
}

/** Creates a tenant with `member` (if any) as its member, `admin` in the production env. */
export function createTenant(store: Store, name: string, member?: UserRecord): TenantRecord {
  const tenant: TenantRecord = {
    id: store.rand.uuid(),
    name,
    attributes: {},
    backOfficeStaffEmail: member?.email ?? '',
    members: member ? [member.id] : [],
    tenantUsers: member ? { [member.id]: adminTenantUser(store.now()) } : {},
    createdAt: store.now(),
  };
  store.state.tenants[tenant.id] = tenant;
  return tenant;
}

function signUpUser(store: Store, email: string): UserRecord {
  const user = createUser(store, email);
  const temporaryPassword = user.temporaryPassword?.value;
  sendMail(store, 'signUp', user, { template: 'signUp', to: email, ...(temporaryPassword ? { temporaryPassword } : {}) });
  return user;
}

/** Self sign-up (signUp, resend) and AWS Marketplace onboarding (sign-up, confirm, link). */
export const signUpHandlers: OpHandlers<
  'signUp' | 'resendSignUpConfirmationEmail' | 'signUpWithAwsMarketplace' | 'confirmSignUpWithAwsMarketplace' | 'linkAwsMarketplace'
> = {
  signUp: (store, _params, body): SaasUser => {
    assertEmailFree(store, body.email);
    return toSaasUser(signUpUser(store, body.email));
  },

  resendSignUpConfirmationEmail: (store, _params, body) => {
    const user = findUserByEmail(store, body.email);
    if (!user) throw new EmulatorError('user_not_found', 'No user has this e-mail address.');
    if (user.status === 'CONFIRMED') throw new EmulatorError('user_already_confirmed', 'The user already set a password.');
    assertSendAllowed(store, 'signUp', user.id);
    // Re-issues the temporary password (SaaSus mails a new one); the old one stops working.
    const value = store.rand.temporaryPassword();
    user.temporaryPassword = { value, expiresAt: store.now() + store.config.temporaryPasswordTtlMs };
    sendMail(store, 'signUp', user, { template: 'resendCode', to: user.email, temporaryPassword: value });
    return undefined;
  },

  signUpWithAwsMarketplace: (store, _params, body): SaasUser => {
    // A buyer who corrects the address before the first sign-in signs up again with the same
    // token: it moves to the new sign-up. Once its user has set a password it stays bound.
    const bound = store.state.registrationTokens[body.registration_token]?.boundUserId;
    const unconfirmed = bound !== undefined && Object.hasOwn(store.state.users, bound) ? store.state.users[bound] : undefined;
    const record = usableRegistrationToken(store, body.registration_token, unconfirmed?.status === 'CONFIRMED' ? undefined : unconfirmed);
    assertEmailFree(store, body.email);
    const user = signUpUser(store, body.email);
    record.boundUserId = user.id;
    return toSaasUser(user);
  },

  confirmSignUpWithAwsMarketplace: (store, _params, body): Tenant => {
    const user = userOfAccessToken(store, body.access_token);
    const record = usableRegistrationToken(store, body.registration_token, user);
    const tenant = createTenant(store, body.tenant_name ?? user.email, user);
    tenant.awsMarketplace = { registrationToken: body.registration_token, linkedAt: store.now() };
    record.consumedAt = store.now();
    return toTenant(tenant);
  },

  linkAwsMarketplace: (store, _params, body) => {
    const user = userOfAccessToken(store, body.access_token);
    const record = usableRegistrationToken(store, body.registration_token, user);
    const tenant = Object.hasOwn(store.state.tenants, body.tenant_id) ? store.state.tenants[body.tenant_id] : undefined;
    if (!tenant) throw new EmulatorError('tenant_not_found', `Tenant ${body.tenant_id} does not exist.`);
    if (!tenant.members.includes(user.id)) {
      throw new EmulatorError('permission_denied', 'The user is not a member of this tenant.', undefined, 403);
    }
    tenant.awsMarketplace = { registrationToken: body.registration_token, linkedAt: store.now() };
    record.consumedAt = store.now();
    return undefined;
  },
};
