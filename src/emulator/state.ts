import type { Attribute, Attributes, MfaMethod, ProviderName, Role } from '../api/types.js';
import type { OutboxMessage } from './types.js';

/** User lifecycle: `FORCE_CHANGE_PASSWORD` after sign-up or an admin create without password, `CONFIRMED` after the first password change. */
export type UserStatus = 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';

/** A pending one-time code with its attempt counter. */
export interface PendingCode {
  code: string;
  expiresAt: number;
  attempts: number;
  /** True once `maxCodeAttempts` wrong attempts were made; it then never matches. */
  dead: boolean;
}

/** A pending TOTP enrolment (`createSecretCode` before `updateSoftwareToken`). */
export interface PendingSecret {
  secret: string;
  attempts: number;
  dead: boolean;
}

/** One SaaS user as the emulator keeps it. */
export interface UserRecord {
  id: string;
  email: string;
  attributes: Attributes;
  status: UserStatus;
  createdAt: number;
  /** Salted SHA-256 of the permanent password. */
  password?: { salt: string; hash: string };
  temporaryPassword?: { value: string; expiresAt: number };
  providers: ProviderName[];
  mfa: { enabled: boolean; method?: MfaMethod };
  /** The registered (verified) TOTP secret. */
  softwareToken?: { secret: string };
  pendingSecret?: PendingSecret;
  pendingEmailUpdate?: PendingCode & { newEmail: string };
  pendingExternalLink?: PendingCode;
  /** Consecutive failed sign-ins (password or authenticator code) and the lockout they caused. */
  signInFailures?: { count: number; lockedUntil?: number };
}

/** One SaaS user's membership of a tenant: their attribute values there and their role names per env id. */
export interface TenantUserRecord {
  attributes: Attributes;
  /** Role names per env id (`"1"`, `"2"`, `"3"`); an env without roles is absent. */
  envs: Record<string, string[]>;
  createdAt: number;
}

/** A tenant; `members` are user ids, in the order they joined, each with its record in `tenantUsers`. */
export interface TenantRecord {
  id: string;
  name: string;
  attributes: Attributes;
  backOfficeStaffEmail: string;
  members: string[];
  /** Per member (user id): attributes and roles per env. */
  tenantUsers: Record<string, TenantUserRecord>;
  createdAt: number;
  /** Set when a Marketplace subscription was confirmed into or linked to it. */
  awsMarketplace?: { registrationToken: string; linkedAt: number };
}

/** A minted Marketplace registration token. */
export interface RegistrationTokenRecord {
  expiresAt: number;
  /** The user `signUpWithAwsMarketplace` created with it. */
  boundUserId?: string;
  /** When a tenant was created or linked with it (single use). */
  consumedAt?: number;
}

/** Something that maps to a user until it expires (access/refresh tokens, callback codes). */
export interface Grant {
  userId: string;
  expiresAt: number;
}

/** A sign-in challenge in progress. */
export interface SessionRecord extends Grant {
  kind: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA';
  attempts: number;
}

/** A tenant invitation; its status is `accepted` once `acceptedAt` is set, else `expired` from `expiresAt`. */
export interface InvitationRecord {
  id: string;
  tenantId: string;
  /** The invitee's address. */
  email: string;
  /** Envs and role names the invitee gets on accepting. */
  envs: { id: number; roleNames: string[] }[];
  /** The member who invited. */
  inviterId: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt?: number;
}

/** The whole emulator state: JSON-safe, exported, imported and persisted as is. */
export interface EmulatorState {
  version: 1;
  /** Offset of the emulator clock over the base clock, ms. */
  clockOffsetMs: number;
  users: Record<string, UserRecord>;
  tenants: Record<string, TenantRecord>;
  registrationTokens: Record<string, RegistrationTokenRecord>;
  accessTokens: Record<string, Grant>;
  refreshTokens: Record<string, Grant>;
  callbackCodes: Record<string, Grant>;
  sessions: Record<string, SessionRecord>;
  /** Send times per `<kind>:<userId>`, for the resend cooldown and hourly cap. */
  sendLog: Record<string, number[]>;
  outbox: OutboxMessage[];
  /** The SaaS's roles (a new SaaS has `admin`). */
  roles: Role[];
  /** User attribute definitions (values live per tenant user). */
  userAttributes: Attribute[];
  /** Tenant attribute definitions. */
  tenantAttributes: Attribute[];
  invitations: Record<string, InvitationRecord>;
}

/** The role every new SaaS has, given to the buyer of a Marketplace tenant. */
export const ADMIN_ROLE: Role = { role_name: 'admin', display_name: '管理者' };

/** A fresh, empty state. */
export function emptyState(): EmulatorState {
  return {
    version: 1,
    clockOffsetMs: 0,
    users: {},
    tenants: {},
    registrationTokens: {},
    accessTokens: {},
    refreshTokens: {},
    callbackCodes: {},
    sessions: {},
    sendLog: {},
    outbox: [],
    roles: [{ ...ADMIN_ROLE }],
    userAttributes: [],
    tenantAttributes: [],
    invitations: {},
  };
}
