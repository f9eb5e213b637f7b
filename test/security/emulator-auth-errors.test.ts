/**
 * What the emulator says when a code, a token or a sign-in is refused: the exact SaaSus
 * `{type, message, data}` of each refusal of src/emulator/codes.ts, tokens.ts and sign-in.ts.
 * A person reads these messages to decide what to do next (wait, ask for a new code, sign in
 * again), so a changed or emptied message is a bug, not a detail.
 */
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorError, type EmulatorOptions, type SignInResult } from '../../src/emulator/index.js';
import { createAuthenticator } from '../../src/testing/authenticator.js';
import { expectApiError, PASSWORD, signedInUser, signedRequest, startFrozenFixture, type Fixture } from '../emulator/support.js';

/** The `{type, message, data}` an emulator control call threw. */
function refusal(run: () => SignInResult): { type: string; message: string; data: Record<string, unknown> | undefined } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof EmulatorError)) throw error;
    return { type: error.type, message: error.message, data: error.data };
  }
  throw new Error('expected the call to be refused');
}

describe('emulator refusals: codes, tokens and sign-in (security)', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.close();
  });

  async function start(options: EmulatorOptions = {}) {
    f = await startFrozenFixture('in-process', options);
    return signedInUser(f, 'alice@example.com');
  }

  it('resend limits: the cooldown and the hourly cap each say to wait, and until when', async () => {
    const alice = await start({ resendCooldownMs: 5_000, resendHourlyCap: 2 });
    const ask = () => f.api.requestEmailUpdate(alice.user.id, { email: 'n@example.com', access_token: alice.accessToken });
    await ask();
    const sentAt = f.emulator.control.clock.now();
    const cooldown = await expectApiError(ask(), 429, 'limit_exceeded');
    expect(cooldown.toBody()).toEqual({
      type: 'limit_exceeded',
      message: 'A message was sent recently; wait before asking again.',
      data: { reason: 'cooldown', retry_after_ms: 5_000, next_allowed_at: sentAt + 5_000 },
    });
    f.emulator.control.clock.advance(5_000);
    await ask();
    f.emulator.control.clock.advance(5_000);
    const cap = await expectApiError(ask(), 429, 'limit_exceeded');
    expect(cap.toBody()).toEqual({
      type: 'limit_exceeded',
      message: 'Too many messages this hour; wait before asking again.',
      data: { reason: 'hourly_cap', retry_after_ms: 3_600_000 - 10_000, next_allowed_at: sentAt + 3_600_000 },
    });
  });

  it('codes: none requested, wrong (attempts left, then none), dead, expired', async () => {
    const alice = await start({ maxCodeAttempts: 2, resendCooldownMs: 0, codeTtlMs: 60_000 });
    const confirm = (code: string) => f.api.confirmEmailUpdate(alice.user.id, { code, access_token: alice.accessToken });
    expect((await expectApiError(confirm('123456'), 400, 'no_pending_code')).message).toBe('No code was requested, or it was already used.');
    await f.api.requestEmailUpdate(alice.user.id, { email: 'n@example.com', access_token: alice.accessToken });
    const code = f.emulator.control.latestMessage('n@example.com')?.code ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await expectApiError(confirm(wrong), 400, 'code_mismatch')).toBody()).toEqual({ type: 'code_mismatch', message: 'Wrong code.', data: { attempts_left: 1 } });
    expect((await expectApiError(confirm(wrong), 400, 'code_mismatch')).toBody()).toEqual({
      type: 'code_mismatch',
      message: 'Wrong code; no attempts left, request a new one.',
      data: { attempts_left: 0 },
    });
    expect((await expectApiError(confirm(code), 400, 'too_many_attempts')).message).toBe('Too many wrong attempts; request a new code.');

    await f.api.requestEmailUpdate(alice.user.id, { email: 'm@example.com', access_token: alice.accessToken });
    const fresh = f.emulator.control.latestMessage('m@example.com')?.code ?? '';
    f.emulator.control.clock.advance(60_000);
    expect((await expectApiError(confirm(fresh), 400, 'expired_code')).message).toBe('The code has expired; request a new one.');
  });

  it('tokens: unknown callback code, refresh token, access token, ID token, and another user\'s token', async () => {
    const alice = await start();
    const bob = await signedInUser(f, 'bob@example.com');
    expect((await expectApiError(f.api.getCredentials('no-such-code'), 404, 'invalid_callback_code')).message).toBe('The code is unknown, expired or already used.');
    const refresh = await signedRequest(f, 'GET', '/v1/auth/credentials?auth-flow=refreshTokenAuth&refresh-token=no-such-token');
    expect([refresh.status, await refresh.json()]).toEqual([401, { type: 'invalid_access_token', message: 'The refresh token is unknown or expired.' }]);
    const unknown = await expectApiError(f.api.requestExternalUserLink({ access_token: 'no-such-token' }), 401, 'invalid_access_token');
    expect(unknown.message).toBe('The access token is invalid or expired.');
    expect((await expectApiError(f.api.getUserInfo(alice.accessToken), 401, 'invalid_id_token')).message).toBe('Invalid ID Token.');
    const foreign = await expectApiError(f.api.createSecretCode(alice.user.id, { access_token: bob.accessToken }), 403, 'permission_denied');
    expect(foreign.message).toBe('The access token belongs to another user than the path user_id.');
  });

  it('sign-in: missing fields, wrong password, lockout, expired temporary password', async () => {
    await start({ maxSignInFailures: 2, temporaryPasswordTtlMs: 60_000 });
    expect(refusal(() => f.emulator.control.signIn({ email: '', password: PASSWORD }))).toEqual({
      type: 'invalid_parameter',
      message: '"email" must be a non-empty string.',
      data: undefined,
    });
    expect(refusal(() => f.emulator.control.signIn({ email: 'alice@example.com', password: 42 as unknown as string })).message).toBe('"password" must be a non-empty string.');
    expect(refusal(() => f.emulator.control.signInWithGoogle({ email: '' })).message).toBe('"email" must be a non-empty string.');
    expect(refusal(() => f.emulator.control.respondToChallenge({ session: '' })).message).toBe('"session" must be a non-empty string.');
    const challenge = f.emulator.control.signIn({ email: 'alice@example.com', password: PASSWORD });
    expect(challenge.kind).toBe('signedIn');
    const wrong = () => refusal(() => f.emulator.control.signIn({ email: 'alice@example.com', password: 'Wrong-pass-1' }));
    expect(wrong()).toEqual({ type: 'not_authorized', message: 'Incorrect e-mail address or password.', data: undefined });
    wrong();
    const locked = refusal(() => f.emulator.control.signIn({ email: 'alice@example.com', password: PASSWORD }));
    expect([locked.type, locked.message, locked.data?.['reason']]).toEqual(['limit_exceeded', 'Too many failed sign-in attempts; try again later.', 'sign_in_locked']);

    await f.api.signUp({ email: 'late@example.com' });
    const temporary = f.emulator.control.latestMessage('late@example.com', 'signUp')?.temporaryPassword ?? '';
    f.emulator.control.clock.advance(60_000);
    expect(refusal(() => f.emulator.control.signIn({ email: 'late@example.com', password: temporary }))).toEqual({
      type: 'temporary_password_expired',
      message: 'The temporary password has expired; ask for a new one.',
      data: undefined,
    });
  });

  it('challenges: unknown session, a code that is not 6 digits, the last wrong code', async () => {
    const alice = await start({ maxCodeAttempts: 1 });
    expect(refusal(() => f.emulator.control.respondToChallenge({ session: 'no-such-session', totpCode: '123456' }))).toEqual({
      type: 'invalid_session',
      message: 'The sign-in session is unknown or expired; sign in again.',
      data: undefined,
    });
    const { secret_code } = await f.api.createSecretCode(alice.user.id, { access_token: alice.accessToken });
    const app = createAuthenticator({ now: () => f.emulator.control.clock.now() });
    await f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: app.code(secret_code) });
    await f.api.updateUserMfaPreference(alice.user.id, { enabled: true, method: 'softwareToken' });
    const challenged = f.emulator.control.signIn({ email: 'alice@example.com', password: PASSWORD });
    if (challenged.kind !== 'SOFTWARE_TOKEN_MFA') throw new Error(`expected SOFTWARE_TOKEN_MFA, got ${challenged.kind}`);
    expect(refusal(() => f.emulator.control.respondToChallenge({ session: challenged.session })).message).toBe('"totpCode" must be a non-empty string.');
    for (const totpCode of ['12345', '1234567', 'a123456', '123456a']) {
      expect(refusal(() => f.emulator.control.respondToChallenge({ session: challenged.session, totpCode })), totpCode).toEqual({
        type: 'invalid_parameter',
        message: '"totpCode" must be 6 digits.',
        data: undefined,
      });
    }
    const right = app.code(secret_code);
    const wrongCode = right === '000000' ? '111111' : '000000';
    expect(refusal(() => f.emulator.control.respondToChallenge({ session: challenged.session, totpCode: wrongCode }))).toEqual({
      type: 'code_mismatch',
      message: 'Wrong code; sign in again.',
      data: { attempts_left: 0 },
    });
    // The session died with its last attempt: even the right code needs a new sign-in.
    expect(refusal(() => f.emulator.control.respondToChallenge({ session: challenged.session, totpCode: app.code(secret_code) })).type).toBe('invalid_session');
  });

  it('a challenge session lives sessionTtlMs, and answering it ends it', async () => {
    await start({ sessionTtlMs: 10_000 });
    await f.api.signUp({ email: 'new@example.com' });
    const temporary = f.emulator.control.latestMessage('new@example.com', 'signUp')?.temporaryPassword ?? '';
    const first = f.emulator.control.signIn({ email: 'new@example.com', password: temporary });
    if (first.kind !== 'NEW_PASSWORD_REQUIRED') throw new Error(`expected NEW_PASSWORD_REQUIRED, got ${first.kind}`);
    f.emulator.control.clock.advance(10_000);
    expect(refusal(() => f.emulator.control.respondToChallenge({ session: first.session, newPassword: PASSWORD })).type).toBe('invalid_session');
    const second = f.emulator.control.signIn({ email: 'new@example.com', password: temporary });
    if (second.kind !== 'NEW_PASSWORD_REQUIRED') throw new Error(`expected NEW_PASSWORD_REQUIRED, got ${second.kind}`);
    expect(second.session).toMatch(/^session_[\w-]{20,}$/);
    expect(refusal(() => f.emulator.control.respondToChallenge({ session: second.session })).message).toBe('"newPassword" must be a non-empty string.');
    f.emulator.control.clock.advance(9_999);
    expect(f.emulator.control.respondToChallenge({ session: second.session, newPassword: PASSWORD }).kind).toBe('signedIn');
    expect(refusal(() => f.emulator.control.respondToChallenge({ session: second.session, newPassword: PASSWORD })).type).toBe('invalid_session');
    const user = Object.values(f.emulator.control.exportState().users).find((record) => record.email === 'new@example.com');
    expect(user?.status).toBe('CONFIRMED');
    expect(user?.temporaryPassword).toBeUndefined();
    // The temporary password is gone: only the new one signs in.
    expect(refusal(() => f.emulator.control.signIn({ email: 'new@example.com', password: temporary })).type).toBe('not_authorized');
  });

  it('Google sign-in with self sign-up on creates a confirmed, Google-linked user without a temporary password', async () => {
    await start({ googleSelfSignUp: true });
    const result = f.emulator.control.signInWithGoogle({ email: 'g@example.com' });
    if (result.kind !== 'signedIn') throw new Error(`expected signedIn, got ${result.kind}`);
    const user = f.emulator.control.exportState().users[result.userId];
    expect(user).toMatchObject({ email: 'g@example.com', status: 'CONFIRMED', providers: ['Google'] });
    expect(user?.temporaryPassword).toBeUndefined();
    expect(f.emulator.control.signInWithGoogle({ email: 'g@example.com' })).toMatchObject({ kind: 'signedIn', userId: result.userId });
  });

  it('Google sign-in: an unknown address with self sign-up off, an existing user not linked', async () => {
    await start({ googleSelfSignUp: false });
    expect(refusal(() => f.emulator.control.signInWithGoogle({ email: 'new@example.com' }))).toEqual({
      type: 'not_authorized',
      message: 'No user has this address and self sign-up is off.',
      data: undefined,
    });
    expect(refusal(() => f.emulator.control.signInWithGoogle({ email: 'alice@example.com' }))).toEqual({
      type: 'external_user_not_linked',
      message: 'A user with this address exists but has no linked Google account.',
      data: undefined,
    });
  });

  describe('ID tokens', () => {
    const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    /** An HS256 JWT over exactly these header and payload parts, signed with `secretKey`. */
    const jwt = (secretKey: string, header: string, payload: string) =>
      `${header}.${payload}.${crypto.createHmac('sha256', secretKey).update(`${header}.${payload}`).digest('base64url')}`;

    it('is an HS256 JWT signed with the secret key, with the user, the SaaS ID and the access token\'s lifetime', async () => {
      const alice = await start({ accessTokenTtlMs: 600_000 });
      const issuedAt = f.emulator.control.clock.now();
      const [header = '', payload = '', mac = ''] = alice.credentials.id_token.split('.');
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({
        iss: 'saasus-flows-emulator',
        sub: alice.user.id,
        email: 'alice@example.com',
        aud: f.emulator.credentials.saasId,
        iat: Math.floor(issuedAt / 1000),
        exp: Math.floor((issuedAt + 600_000) / 1000),
      });
      expect(jwt(f.emulator.credentials.secretKey, header, payload)).toBe(alice.credentials.id_token);
      expect(mac).not.toBe('');
      expect(await f.api.getUserInfo(alice.credentials.id_token)).toMatchObject({ id: alice.user.id, email: 'alice@example.com' });
    });

    it('refuses a token that is not three parts, not signed with the secret key, not a JSON object, without sub or exp, expired, or of a deleted user', async () => {
      const alice = await start();
      const key = f.emulator.credentials.secretKey;
      const header = b64({ alg: 'HS256', typ: 'JWT' });
      const exp = Math.floor(f.emulator.control.clock.now() / 1000) + 600;
      const good = jwt(key, header, b64({ sub: alice.user.id, exp }));
      expect(await f.api.getUserInfo(good)).toMatchObject({ id: alice.user.id });
      const [, goodPayload = '', goodMac = ''] = good.split('.');
      const refused = [
        `${header}.${goodPayload}`,
        `${good}.extra`,
        `${header}.${goodPayload}.`,
        `${header}.${goodPayload}.${goodMac.slice(0, -2)}AA`,
        jwt('another-secret-key', header, goodPayload),
        jwt(key, header, 'not-base64-json!'),
        jwt(key, header, b64('"just a string"')),
        jwt(key, header, b64('null')),
        jwt(key, header, b64({ exp })),
        jwt(key, header, b64({ sub: 42, exp })),
        jwt(key, header, b64({ sub: alice.user.id })),
        jwt(key, header, b64({ sub: alice.user.id, exp: String(exp) })),
        jwt(key, header, b64({ sub: 'no-such-user', exp })),
        jwt(key, header, b64({ sub: '__proto__', exp })),
      ];
      for (const token of refused) {
        expect((await expectApiError(f.api.getUserInfo(token), 401, 'invalid_id_token')).message, token).toBe('Invalid ID Token.');
      }
      // Live until its exp second, refused from then on.
      f.emulator.control.clock.advance(600_000 - (f.emulator.control.clock.now() % 1000) - 1);
      expect(await f.api.getUserInfo(good)).toMatchObject({ id: alice.user.id });
      f.emulator.control.clock.advance(1);
      await expectApiError(f.api.getUserInfo(good), 401, 'invalid_id_token');
    });
  });

  it('lifetimes: a callback code, an access token and a refresh token (30 days) each work until they expire, not after', async () => {
    const alice = await start({ accessTokenTtlMs: 60_000, callbackCodeTtlMs: 30_000 });
    const refreshIssuedAt = f.emulator.control.clock.now();
    const refresh = (token: string) => signedRequest(f, 'GET', `/v1/auth/credentials?auth-flow=refreshTokenAuth&refresh-token=${encodeURIComponent(token)}`);
    const signIn = () => {
      const result = f.emulator.control.signIn({ email: 'alice@example.com', password: PASSWORD });
      if (result.kind !== 'signedIn') throw new Error(`expected signedIn, got ${result.kind}`);
      return result.code;
    };
    const late = signIn();
    f.emulator.control.clock.advance(30_000);
    await expectApiError(f.api.getCredentials(late), 404, 'invalid_callback_code');
    const early = signIn();
    f.emulator.control.clock.advance(29_999);
    const credentials = await f.api.getCredentials(early);
    await expectApiError(f.api.getCredentials(early), 404, 'invalid_callback_code');

    const link = () => f.api.requestExternalUserLink({ access_token: credentials.access_token });
    f.emulator.control.clock.advance(59_999);
    await link();
    f.emulator.control.clock.advance(1);
    await expectApiError(link(), 401, 'invalid_access_token');

    const refreshToken = alice.credentials.refresh_token;
    const renewed = await refresh(refreshToken);
    expect(renewed.status).toBe(200);
    expect(await renewed.json()).toMatchObject({ refresh_token: refreshToken });
    const thirtyDays = 30 * 24 * 3_600_000;
    f.emulator.control.clock.advance(refreshIssuedAt + thirtyDays - 1 - f.emulator.control.clock.now());
    expect((await refresh(refreshToken)).status).toBe(200);
    f.emulator.control.clock.advance(1);
    expect((await refresh(refreshToken)).status).toBe(401);
  });

  it('mail bookkeeping: the outbox keeps the newest outboxLimit messages, the send log only the last hour', async () => {
    const alice = await start({ outboxLimit: 3, resendCooldownMs: 0, resendHourlyCap: 100, accessTokenTtlMs: 10 * 3_600_000 });
    const t0 = f.emulator.control.clock.now();
    const ask = (email: string) => f.api.requestEmailUpdate(alice.user.id, { email, access_token: alice.accessToken });
    for (const [i, email] of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'].entries()) {
      if (i > 0) f.emulator.control.clock.advance(20 * 60_000);
      await ask(email);
    }
    expect(f.emulator.control.outbox().map((message) => message.to)).toEqual(['b@example.com', 'c@example.com', 'd@example.com']);
    expect(f.emulator.control.outbox()).toHaveLength(3);
    // The sends at t0 + 0, 20, 40, 60 min: the one exactly an hour old has left the window.
    expect(f.emulator.control.exportState().sendLog[`emailUpdate:${alice.user.id}`]).toEqual([t0 + 20 * 60_000, t0 + 40 * 60_000, t0 + 60 * 60_000]);
    // A message has the fields it was sent with and no others (no empty code or password).
    expect(Object.keys(f.emulator.control.latestMessage('d@example.com') ?? {}).sort()).toEqual(['code', 'id', 'sentAt', 'template', 'to', 'userId']);
    await f.api.signUp({ email: 'e@example.com' });
    expect(Object.keys(f.emulator.control.latestMessage('e@example.com') ?? {}).sort()).toEqual(['id', 'sentAt', 'template', 'temporaryPassword', 'to', 'userId']);
    const message = f.emulator.control.latestMessage('d@example.com');
    expect(message).toEqual({ id: expect.any(String), template: 'updateUserAttribute', to: 'd@example.com', userId: alice.user.id, sentAt: t0 + 60 * 60_000, code: expect.stringMatching(/^\d{6}$/) });
  });

  it('the cooldown and cap count only the last hour, and a cap exactly reached waits for its oldest send', async () => {
    const alice = await start({ resendCooldownMs: 60_000, resendHourlyCap: 2, accessTokenTtlMs: 10 * 3_600_000 });
    const t0 = f.emulator.control.clock.now();
    const ask = () => f.api.requestEmailUpdate(alice.user.id, { email: 'n@example.com', access_token: alice.accessToken });
    await ask();
    f.emulator.control.clock.advance(59_999);
    expect((await expectApiError(ask(), 429, 'limit_exceeded')).data).toEqual({ reason: 'cooldown', retry_after_ms: 1, next_allowed_at: t0 + 60_000 });
    f.emulator.control.clock.advance(1);
    await ask();
    f.emulator.control.clock.advance(60_000);
    expect((await expectApiError(ask(), 429, 'limit_exceeded')).data).toEqual({ reason: 'hourly_cap', retry_after_ms: 3_600_000 - 120_000, next_allowed_at: t0 + 3_600_000 });
    f.emulator.control.clock.advance(3_600_000 - 120_000);
    await ask();
  });

  it('a cooldown longer than the cap window: the cooldown decides, and a send an hour old no longer counts', async () => {
    for (const [cooldown, cap] of [[2 * 3_600_000, 1], [3_600_000, 1], [2 * 3_600_000, 5]] as const) {
      const alice = await start({ resendCooldownMs: cooldown, resendHourlyCap: cap, accessTokenTtlMs: 10 * 3_600_000 });
      const t0 = f.emulator.control.clock.now();
      const ask = () => f.api.requestEmailUpdate(alice.user.id, { email: 'n@example.com', access_token: alice.accessToken });
      await ask();
      f.emulator.control.clock.advance(1);
      expect((await expectApiError(ask(), 429, 'limit_exceeded')).data, `${cooldown} ${cap}`).toEqual({ reason: 'cooldown', retry_after_ms: cooldown - 1, next_allowed_at: t0 + cooldown });
      // Exactly an hour later the send has left the window: neither it nor its cooldown counts any more.
      f.emulator.control.clock.advance(3_600_000 - 1);
      await ask();
      await f.close();
    }
    f = await startFrozenFixture('in-process');
  });

  it('access and refresh tokens are opaque, prefixed, and not shaped like an ID token', async () => {
    const alice = await start();
    expect(alice.credentials.access_token).toMatch(/^at_[\w-]{20,}$/);
    expect(alice.credentials.refresh_token).toMatch(/^rt_[\w-]{20,}$/);
  });

  it('an ID token whose payload spells with - and _ in base64url is read as it is', async () => {
    const alice = await start();
    const key = f.emulator.credentials.secretKey;
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const exp = Math.floor(f.emulator.control.clock.now() / 1000) + 600;
    const payload = Buffer.from(JSON.stringify({ sub: alice.user.id, exp, note: '??>>>?>?>>>???>>>' })).toString('base64url');
    expect(payload).toMatch(/-/);
    expect(payload).toMatch(/_/);
    const token = `${header}.${payload}.${crypto.createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')}`;
    expect(await f.api.getUserInfo(token)).toMatchObject({ id: alice.user.id });
  });

  it('asks for an authenticator code only when MFA is on, with the authenticator app, and one is registered', async () => {
    const alice = await start();
    const signIn = () => f.emulator.control.signIn({ email: 'alice@example.com', password: PASSWORD }).kind;
    const { secret_code } = await f.api.createSecretCode(alice.user.id, { access_token: alice.accessToken });
    const app = createAuthenticator({ now: () => f.emulator.control.clock.now() });
    await f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: app.code(secret_code) });
    // Registered, but MFA off.
    expect(signIn()).toBe('signedIn');
    // MFA on by e-mail (the e-mail challenge is not emulated): no authenticator code asked for.
    await f.api.updateUserMfaPreference(alice.user.id, { enabled: true, method: 'email' });
    expect(signIn()).toBe('signedIn');
    await f.api.updateUserMfaPreference(alice.user.id, { enabled: true, method: 'softwareToken' });
    expect(signIn()).toBe('SOFTWARE_TOKEN_MFA');
    // States imported by hand: the app named as the method but MFA off signs in with the
    // password; so does the app switched on with none registered (no code could answer it).
    const state = f.emulator.control.exportState();
    const user = state.users[alice.user.id];
    if (!user) throw new Error('alice is in the state');
    f.emulator.control.importState({ ...state, users: { ...state.users, [alice.user.id]: { ...user, mfa: { enabled: false, method: 'softwareToken' } } } });
    expect(signIn()).toBe('signedIn');
    delete user.softwareToken;
    f.emulator.control.importState(state);
    expect(signIn()).toBe('signedIn');
  });

  describe('an MFA challenge', () => {
    async function challenged(options: EmulatorOptions) {
      const alice = await start({ ...options, accessTokenTtlMs: 10 * 3_600_000 });
      const { secret_code } = await f.api.createSecretCode(alice.user.id, { access_token: alice.accessToken });
      const app = createAuthenticator({ now: () => f.emulator.control.clock.now() });
      await f.api.updateSoftwareToken(alice.user.id, { access_token: alice.accessToken, verification_code: app.code(secret_code) });
      await f.api.updateUserMfaPreference(alice.user.id, { enabled: true, method: 'softwareToken' });
      const result = f.emulator.control.signIn({ email: 'alice@example.com', password: PASSWORD });
      if (result.kind !== 'SOFTWARE_TOKEN_MFA') throw new Error(`expected SOFTWARE_TOKEN_MFA, got ${result.kind}`);
      const right = app.code(secret_code);
      return { alice, session: result.session, right, wrong: right === '000000' ? '111111' : '000000', now: () => app.code(secret_code) };
    }
    const respond = (session: string, totpCode: string) => refusal(() => f.emulator.control.respondToChallenge({ session, totpCode }));

    it('a wrong code with attempts left says only "Wrong code."', async () => {
      const { session, wrong } = await challenged({ maxCodeAttempts: 2 });
      expect(respond(session, wrong)).toEqual({ type: 'code_mismatch', message: 'Wrong code.', data: { attempts_left: 1 } });
    });

    it('a user locked out meanwhile (by other sessions) is refused, and the session ends', async () => {
      const { session, wrong, now } = await challenged({ maxCodeAttempts: 10, maxSignInFailures: 2, sessionTtlMs: 24 * 3_600_000 });
      for (let i = 0; i < 2; i++) expect(refusal(() => f.emulator.control.signIn({ email: 'alice@example.com', password: 'Wrong-pass-1' })).type).toBe('not_authorized');
      expect(respond(session, wrong).type).toBe('limit_exceeded');
      // After the lockout (15 min), within the session's lifetime: the session is gone all the same.
      f.emulator.control.clock.advance(16 * 60_000);
      expect(respond(session, now()).type).toBe('invalid_session');
    });

    it('ends with the user: a deleted user\'s session is unknown', async () => {
      const { alice, session, right } = await challenged({});
      await f.api.deleteSaasUser(alice.user.id);
      expect(respond(session, right)).toEqual({ type: 'invalid_session', message: 'The sign-in session is unknown or expired; sign in again.', data: undefined });
    });

    it('holds in states imported by hand: a session without its user is unknown, a user without an authenticator gets a wrong-code answer', async () => {
      const { alice, session, right } = await challenged({ maxCodeAttempts: 3 });
      const state = f.emulator.control.exportState();
      const { [alice.user.id]: user, ...others } = state.users;
      if (!user) throw new Error('alice is in the state');
      f.emulator.control.importState({ ...state, users: others });
      expect(respond(session, right)).toEqual({ type: 'invalid_session', message: 'The sign-in session is unknown or expired; sign in again.', data: undefined });
      const { softwareToken: _removed, ...withoutApp } = user;
      f.emulator.control.importState({ ...state, users: { ...state.users, [alice.user.id]: withoutApp } });
      expect(respond(session, right)).toEqual({ type: 'code_mismatch', message: 'Wrong code.', data: { attempts_left: 2 } });
    });
  });
});
