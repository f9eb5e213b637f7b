import type { Attribute, Credentials, Role, Tenant, UserInfo } from '../api/types.js';
import type { OperationName } from '../api/operations.js';
import type { EmulatorState } from './state.js';

/** Mail templates the emulator "sends", named as SaaSus's customisable notification mails. */
export type MailTemplate = 'signUp' | 'resendCode' | 'updateUserAttribute' | 'verifyExternalUser' | 'invitation';

/** One message in the emulator's outbox: what the real service would have e-mailed. */
export interface OutboxMessage {
  id: string;
  template: MailTemplate;
  /** Recipient address. */
  to: string;
  userId: string;
  /** 6-digit verification code (`updateUserAttribute`, `verifyExternalUser`). */
  code?: string;
  /** Temporary password (`signUp` — sent by signUp and createSaasUser — and `resendCode`). */
  temporaryPassword?: string;
  /** The invitation (`invitation`): its id and the URL the invitee opens. */
  invitationId?: string;
  invitationUrl?: string;
  /** Emulator time of sending, ms since the epoch. */
  sentAt: number;
}

/** The SaaS's roles and attribute definitions, as `seedDefinitions` returns them. */
export interface TenantDefinitions {
  roles: Role[];
  user_attributes: Attribute[];
  tenant_attributes: Attribute[];
}

/** Outcome of a control sign-in step. Failures throw an {@link EmulatorError}. */
export type SignInResult =
  | { kind: 'signedIn'; /** callback `code` for `GET /v1/auth/credentials?code=…` */ code: string; userId: string }
  | { kind: 'NEW_PASSWORD_REQUIRED'; session: string }
  | { kind: 'SOFTWARE_TOKEN_MFA'; session: string };

/** Operations faults can be injected into: the 21 plus the credentials and user-info reads. */
export type FaultTarget = OperationName | 'getAuthCredentials' | 'getUserInfo';

/** A fault answered instead of (or, with only `latencyMs`, before) the real behaviour. */
export interface Fault {
  /** Status to answer with; omit for a latency-only fault (the request then runs normally). */
  status?: number;
  /** SaaSus error `type`; defaults to `injected_fault`. */
  type?: string;
  message?: string;
  /** Wall-clock delay before answering, in ms. */
  latencyMs?: number;
  /** How many requests it hits; default 1, `Infinity` until cleared. */
  times?: number;
}

/** What became of an API request: `aborted` = the client went away first and the operation never ran. */
export type RequestOutcome = 'inFlight' | 'answered' | 'aborted';

/** One request to `/v1/auth`, as {@link EmulatorControl.requestLog} lists it. */
export interface RequestRecord {
  operation: FaultTarget;
  outcome: RequestOutcome;
  /** Status answered (only when `answered`). */
  status?: number;
}

/** Configuration of {@link createEmulator}; every field is optional. */
export interface EmulatorOptions {
  /** SaaS ID expected in signatures; default `emulator-saas`. */
  saasId?: string;
  /** API key expected in signatures; default `emulator-api-key`. */
  apiKey?: string;
  /** Secret key signatures are checked with; default `emulator-secret`. */
  secretKey?: string;
  /** Base clock (ms since the epoch); default `Date.now`. `control.clock` adds an offset on top. */
  now?: () => number;
  /** Lifetime of e-mail-change and link codes; default 24 h. */
  codeTtlMs?: number;
  /** Wrong attempts after which a code (or TOTP enrolment, or MFA session) dies; default 5. */
  maxCodeAttempts?: number;
  /** Minimum time between two mails of one kind to one user; default 60 s. */
  resendCooldownMs?: number;
  /** Mails of one kind per user per rolling hour; default 5. */
  resendHourlyCap?: number;
  /** Lifetime of minted Marketplace registration tokens; default 24 h. */
  registrationTokenTtlMs?: number;
  /**
   * The password policy's `temporary_password_validity_days`: how long a sign-up's temporary
   * password is valid; default 7, as SaaSus. Exposed as `emulator.passwordPolicy`.
   */
  temporaryPasswordValidityDays?: number;
  /** Lifetime of temporary passwords in ms, overriding `temporaryPasswordValidityDays` (tests); default 7 days. */
  temporaryPasswordTtlMs?: number;
  /**
   * Failure statuses: `'descriptive'` (default) answers each error type with its own 4xx;
   * `'documented'` answers as SaaSus's OpenAPI declares, keeping an operation's declared 4xx
   * (createSaasUser 400, getSaasUser/deleteSaasUser 404, the external-link operations 400,
   * `/credentials` 404, `/userinfo` 401) and answering every other failure 500 with the same
   * `type`, `message` and `data`. Signature, size and media-type refusals are unchanged.
   */
  statuses?: 'descriptive' | 'documented';
  /** Lifetime of access tokens; default 1 h. */
  accessTokenTtlMs?: number;
  /** Lifetime of sign-in callback codes; default 5 min. */
  callbackCodeTtlMs?: number;
  /** Lifetime of sign-in challenge sessions; default 5 min. */
  sessionTtlMs?: number;
  /** Accepted signature clock skew in minutes either side; default 1. */
  signatureWindowMinutes?: number;
  /** Largest accepted request body; default 65 536 bytes (larger: 413). */
  maxBodyBytes?: number;
  /** Check SAASUSSIGV1 signatures; default true. */
  verifySignatures?: boolean;
  /** Keep state in this JSON file (loaded at start, written atomically after each change). */
  dataFile?: string;
  /** Randomness in [0, 1) for ids, codes and secrets; default `crypto.getRandomValues`. */
  random?: () => number;
  /** Google sign-in of an unknown address creates the user (self sign-up); default true. */
  googleSelfSignUp?: boolean;
  /** Outbox messages kept (oldest dropped first); default 1000. */
  outboxLimit?: number;
  /**
   * Consecutive failed sign-ins (wrong passwords and wrong authenticator codes, counted per user
   * across sessions) after which the user's sign-in is refused for `signInLockoutMs`; default 5.
   */
  maxSignInFailures?: number;
  /** How long sign-in stays refused after `maxSignInFailures`; default 15 min. */
  signInLockoutMs?: number;
  /**
   * Callback URLs the hosted sign-in page may redirect to (`redirect_uri`): same origin and path
   * (a path ending in `*` matches any path under it; the query is free). Default: any path on a
   * loopback origin (`localhost`, `127.0.0.1`, `[::1]`, any port).
   * @example callbackUrls: ['https://app.example.com/callback', 'http://localhost:5173/*']
   */
  callbackUrls?: readonly string[];
}

/** The emulator's clock: base clock plus a movable offset. */
export interface EmulatorClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** What `control.seedUser` creates. */
export interface SeedUserInput {
  email: string;
  /** The user's password (the emulator's policy: 8+ characters with a letter and a digit). */
  password: string;
  /** Register an authenticator app and turn MFA on. */
  mfa?: boolean;
}

/** A seeded user; `totpSecret` only with `mfa: true`. */
export interface SeededUser {
  userId: string;
  email: string;
  totpSecret?: string;
}

/** Test-only control surface, mirrored over HTTP under `/_emulator`. Failures throw `EmulatorError`. */
export interface EmulatorControl {
  /** Sent messages, oldest first, optionally filtered by recipient and template. */
  outbox(filter?: { to?: string; template?: MailTemplate }): OutboxMessage[];
  /** The newest message to `to` (optionally of one template). */
  latestMessage(to: string, template?: MailTemplate): OutboxMessage | undefined;
  clearOutbox(): void;
  /** E-mail + password sign-in, as the hosted login page does it. */
  signIn(p: { email: string; password: string }): SignInResult;
  /** Answers a `NEW_PASSWORD_REQUIRED` (with `newPassword`) or `SOFTWARE_TOKEN_MFA` (with `totpCode`) challenge. */
  respondToChallenge(p: { session: string; newPassword?: string; totpCode?: string }): SignInResult;
  /** Google sign-in: resolves to the linked user (or self-signs-up an unknown address). */
  signInWithGoogle(p: { email: string }): SignInResult;
  /** Same as `GET /v1/auth/credentials?code=…`: a single-use callback code for credentials. */
  exchangeCode(code: string): Credentials;
  /** Same as `GET /v1/auth/userinfo?token=`: takes the ID token (`invalid_id_token` for anything else). */
  userInfo(idToken: string): UserInfo;
  /** A fresh single-use Marketplace registration token. */
  mintRegistrationToken(p?: { ttlMs?: number }): string;
  /**
   * A confirmed user with this password (no temporary password, no mail), for a dev server or a
   * test that starts signed up; with `mfa: true` also an authenticator app registered and MFA
   * on, and its TOTP secret returned (to compute codes with). `email_already_exists` when taken.
   */
  seedUser(p: SeedUserInput): SeededUser;
  /** Seeds a tenant (with `userId` as its member), e.g. for `linkAwsMarketplace`. */
  createTenant(p: { name: string; userId?: string }): Tenant;
  /**
   * Seeds roles and user / tenant attribute definitions (as the SaaS development console defines
   * them); a definition with an existing name replaces it. Returns every definition after the change.
   */
  seedDefinitions(p: { roles?: Role[]; userAttributes?: Attribute[]; tenantAttributes?: Attribute[] }): TenantDefinitions;
  readonly clock: EmulatorClock;
  injectFault(operation: FaultTarget, fault: Fault): void;
  clearFaults(): void;
  /** The newest 1000 API requests, oldest first: which are in flight, answered or aborted. */
  requestLog(): RequestRecord[];
  /** Back to an empty state (faults and request log cleared, clock offset zero). */
  reset(): void;
  /** The whole state as JSON-safe data. */
  exportState(): EmulatorState;
  /** Replaces the state after validating it (`invalid_parameter` when malformed). */
  importState(state: unknown): void;
}

/** The emulator's password policy settings. */
export interface EmulatorPasswordPolicy {
  /** Days a sign-up's temporary password stays valid (`temporary_password_validity_days`). */
  temporaryPasswordValidityDays: number;
}

/** Credentials the emulator checks signatures against. */
export interface EmulatorCredentials {
  saasId: string;
  apiKey: string;
  secretKey: string;
}

/** A local SaaSus auth API: a web-standard fetch handler plus its control object. */
export interface Emulator {
  /** Answers one request; also usable directly as the client's `fetch` option. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  readonly credentials: EmulatorCredentials;
  /** The password policy settings a flow needs (what the SaaSus console shows under sign-in settings). */
  readonly passwordPolicy: EmulatorPasswordPolicy;
  /** How failures are answered (`statuses` option). */
  readonly statuses: 'descriptive' | 'documented';
  readonly control: EmulatorControl;
  /** Waits for pending state writes (with `dataFile`). */
  close(): Promise<void>;
}
