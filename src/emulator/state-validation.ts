import { invalidParameter } from './errors.js';
import { MAX_STATE_DEPTH, tooDeep, valueNestsDeeperThan } from './http.js';
import { emptyState, type EmulatorState } from './state.js';
import { adminTenantUser } from './tenant-records.js';

type Check = (value: unknown, path: string) => void;

const fail = (path: string, what: string) => invalidParameter(`Invalid emulator state: ${path} must be ${what}.`);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, p) => {
  if (typeof v !== 'string') throw fail(p, 'a string');
};
const num: Check = (v, p) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(p, 'a finite number');
};
const bool: Check = (v, p) => {
  if (typeof v !== 'boolean') throw fail(p, 'a boolean');
};
const obj: Check = (v, p) => {
  if (!isRecord(v)) throw fail(p, 'an object');
};
const oneOf =
  (...values: string[]): Check =>
  (v, p) => {
    if (typeof v !== 'string' || !values.includes(v)) throw fail(p, `one of ${values.join(', ')}`);
  };
const arrayOf =
  (item: Check): Check =>
  (v, p) => {
    if (!Array.isArray(v)) throw fail(p, 'an array');
    v.forEach((x, i) => item(x, `${p}[${i}]`));
  };
const mapOf =
  (item: Check): Check =>
  (v, p) => {
    if (!isRecord(v)) throw fail(p, 'an object');
    for (const [k, x] of Object.entries(v)) item(x, `${p}.${k}`);
  };
/** An object with these fields (`?` suffix = optional); no other fields. */
const shape =
  (fields: Record<string, Check>): Check =>
  (v, p) => {
    if (!isRecord(v)) throw fail(p, 'an object');
    const known = new Map(Object.entries(fields).map(([k, c]) => [k.replace(/\?$/, ''), { check: c, optional: k.endsWith('?') }]));
    for (const key of Object.keys(v)) if (!known.has(key)) throw fail(`${p}.${key}`, 'absent (unknown field)');
    for (const [key, { check, optional }] of known) {
      if (v[key] === undefined) {
        if (!optional) throw fail(`${p}.${key}`, 'present');
        continue;
      }
      check(v[key], `${p}.${key}`);
    }
  };

const pendingCode = { code: str, expiresAt: num, attempts: num, dead: bool };
const grant = shape({ userId: str, expiresAt: num });

const user = shape({
  id: str,
  email: str,
  attributes: obj,
  status: oneOf('FORCE_CHANGE_PASSWORD', 'CONFIRMED'),
  createdAt: num,
  'password?': shape({ salt: str, hash: str }),
  'temporaryPassword?': shape({ value: str, expiresAt: num }),
  providers: arrayOf(oneOf('Google')),
  mfa: shape({ enabled: bool, 'method?': oneOf('softwareToken', 'email') }),
  'softwareToken?': shape({ secret: str }),
  'pendingSecret?': shape({ secret: str, attempts: num, dead: bool }),
  'pendingEmailUpdate?': shape({ ...pendingCode, newEmail: str }),
  'pendingExternalLink?': shape(pendingCode),
  'signInFailures?': shape({ count: num, 'lockedUntil?': num }),
});

const tenant = shape({
  id: str,
  name: str,
  attributes: obj,
  backOfficeStaffEmail: str,
  members: arrayOf(str),
  // Absent in states written before tenant users had roles: filled in by validateState.
  'tenantUsers?': mapOf(shape({ attributes: obj, envs: mapOf(arrayOf(str)), createdAt: num })),
  createdAt: num,
  'awsMarketplace?': shape({ registrationToken: str, linkedAt: num }),
});

const attributeDefinition = shape({ attribute_name: str, display_name: str, attribute_type: oneOf('string', 'number', 'bool', 'date') });

const outboxMessage = shape({
  id: str,
  template: oneOf('signUp', 'resendCode', 'updateUserAttribute', 'verifyExternalUser', 'invitation'),
  to: str,
  userId: str,
  'code?': str,
  'temporaryPassword?': str,
  'invitationId?': str,
  'invitationUrl?': str,
  sentAt: num,
});

const stateShape = shape({
  version: (v, p) => {
    if (v !== 1) throw fail(p, '1');
  },
  clockOffsetMs: num,
  users: mapOf(user),
  tenants: mapOf(tenant),
  registrationTokens: mapOf(shape({ expiresAt: num, 'boundUserId?': str, 'consumedAt?': num })),
  accessTokens: mapOf(grant),
  refreshTokens: mapOf(grant),
  callbackCodes: mapOf(grant),
  sessions: mapOf(shape({ userId: str, expiresAt: num, kind: oneOf('NEW_PASSWORD_REQUIRED', 'SOFTWARE_TOKEN_MFA'), attempts: num })),
  sendLog: mapOf(arrayOf(num)),
  outbox: arrayOf(outboxMessage),
  // The tenant part; absent in states written before it, then the defaults of a new SaaS.
  'roles?': arrayOf(shape({ role_name: str, display_name: str })),
  'userAttributes?': arrayOf(attributeDefinition),
  'tenantAttributes?': arrayOf(attributeDefinition),
  'invitations?': mapOf(
    shape({
      id: str,
      tenantId: str,
      email: str,
      envs: arrayOf(shape({ id: num, roleNames: arrayOf(str) })),
      inviterId: str,
      createdAt: num,
      expiresAt: num,
      'acceptedAt?': num,
    }),
  ),
});

/**
 * Checks that `value` is a complete, well-formed {@link EmulatorState} (ids matching their keys)
 * and returns a private copy; `invalid_parameter` naming the first bad path otherwise, or for
 * nesting deeper than {@link MAX_STATE_DEPTH} (or a cycle): a state that could not be written.
 */
export function validateState(value: unknown): EmulatorState {
  if (valueNestsDeeperThan(value, MAX_STATE_DEPTH)) throw tooDeep(MAX_STATE_DEPTH);
  stateShape(value, 'state');
  const state = structuredClone(value) as EmulatorState;
  const fresh = emptyState();
  state.roles ??= fresh.roles;
  state.userAttributes ??= fresh.userAttributes;
  state.tenantAttributes ??= fresh.tenantAttributes;
  state.invitations ??= fresh.invitations;
  for (const [key, i] of Object.entries(state.invitations)) if (i.id !== key) throw fail(`state.invitations.${key}.id`, 'its key');
  for (const t of Object.values(state.tenants)) {
    // Members of a state written before roles per env were admins in production, as /userinfo showed them.
    t.tenantUsers ??= Object.fromEntries(t.members.map((id) => [id, adminTenantUser(t.createdAt)]));
    for (const key of Object.keys(t.tenantUsers)) if (!t.members.includes(key)) throw fail(`state.tenants.${t.id}.tenantUsers.${key}`, 'a member');
    for (const id of t.members) if (!Object.hasOwn(t.tenantUsers, id)) throw fail(`state.tenants.${t.id}.tenantUsers.${id}`, 'present for each member');
  }
  for (const [key, u] of Object.entries(state.users)) if (u.id !== key) throw fail(`state.users.${key}.id`, 'its key');
  for (const [key, t] of Object.entries(state.tenants)) if (t.id !== key) throw fail(`state.tenants.${key}.id`, 'its key');
  return state;
}
