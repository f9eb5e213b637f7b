import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { createEmulator, EmulatorError } from '../../src/emulator/index.js';
import { authenticatorFor, expectApiError, freshAccessToken, PASSWORD, signedInUser, signedRequest, startFrozenFixture, statusAndType, type Fixture } from './support.js';

/** The error a control call throws. */
function thrown(run: () => unknown): EmulatorError {
  try {
    run();
  } catch (error) {
    if (error instanceof EmulatorError) return error;
    throw error;
  }
  throw new Error('expected the control call to throw');
}

/** Signs in with the password and returns the callback code. */
function callbackCode(f: Fixture, email: string): string {
  const result = f.emulator.control.signIn({ email, password: PASSWORD });
  if (result.kind !== 'signedIn') throw new Error(`expected signedIn, got ${result.kind}`);
  return result.code;
}

describe('emulator control object', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFrozenFixture('in-process');
  });
  afterEach(async () => {
    await f.close();
  });
  const control = () => f.emulator.control;

  describe('signIn / respondToChallenge', () => {
    it('answers not_authorized alike for a wrong password and an unknown address', async () => {
      await signedInUser(f, 'alice@example.com');
      expect(thrown(() => control().signIn({ email: 'alice@example.com', password: 'Wrong-pass1' }))).toMatchObject({ type: 'not_authorized', status: 401 });
      expect(thrown(() => control().signIn({ email: 'ghost@example.com', password: PASSWORD })).message).toBe(
        thrown(() => control().signIn({ email: 'alice@example.com', password: 'x' })).message,
      );
    });

    it('rejects an expired temporary password with temporary_password_expired', async () => {
      await f.api.signUp({ email: 'late@example.com' });
      const temporaryPassword = control().latestMessage('late@example.com')?.temporaryPassword ?? '';
      control().clock.advance(7 * 24 * 3_600_000);
      expect(thrown(() => control().signIn({ email: 'late@example.com', password: temporaryPassword })).type).toBe('temporary_password_expired');
    });

    it('keeps the session after a weak new password, and refuses an unknown session', async () => {
      await f.api.signUp({ email: 'new@example.com' });
      const first = control().signIn({ email: 'new@example.com', password: control().latestMessage('new@example.com')?.temporaryPassword ?? '' });
      if (first.kind !== 'NEW_PASSWORD_REQUIRED') throw new Error('expected NEW_PASSWORD_REQUIRED');
      expect(thrown(() => control().respondToChallenge({ session: first.session, newPassword: 'weak' })).type).toBe('invalid_password');
      expect(control().respondToChallenge({ session: first.session, newPassword: PASSWORD }).kind).toBe('signedIn');
      expect(thrown(() => control().respondToChallenge({ session: first.session, newPassword: PASSWORD })).type).toBe('invalid_session');
    });

    it('asks for a TOTP code when MFA is on; five wrong codes end the session', async () => {
      const { user, accessToken } = await signedInUser(f, 'mfa@example.com');
      const { secret_code } = await f.api.createSecretCode(user.id, { access_token: accessToken });
      const app = authenticatorFor(f.emulator);
      await f.api.updateSoftwareToken(user.id, { access_token: accessToken, verification_code: app.code(secret_code) });
      await f.api.updateUserMfaPreference(user.id, { enabled: true, method: 'softwareToken' });
      const step = control().signIn({ email: 'mfa@example.com', password: PASSWORD });
      if (step.kind !== 'SOFTWARE_TOKEN_MFA') throw new Error('expected SOFTWARE_TOKEN_MFA');
      for (const left of [4, 3, 2, 1, 0]) {
        expect(thrown(() => control().respondToChallenge({ session: step.session, totpCode: app.wrongCode(secret_code) }))).toMatchObject({
          type: 'code_mismatch',
          data: { attempts_left: left },
        });
      }
      expect(thrown(() => control().respondToChallenge({ session: step.session, totpCode: app.code(secret_code) })).type).toBe('invalid_session');
    });
  });

  describe('signInWithGoogle', () => {
    it('signs up an unknown address as a confirmed, Google-linked user (self sign-up)', () => {
      const result = control().signInWithGoogle({ email: 'g@example.com' });
      if (result.kind !== 'signedIn') throw new Error('expected signedIn');
      expect(control().exportState().users[result.userId]).toMatchObject({ status: 'CONFIRMED', providers: ['Google'] });
    });

    it('answers not_authorized for an unknown address when googleSelfSignUp is off', () => {
      const emulator = createEmulator({ googleSelfSignUp: false });
      expect(thrown(() => emulator.control.signInWithGoogle({ email: 'g@example.com' })).type).toBe('not_authorized');
    });
  });

  describe('callback codes and credentials', () => {
    it('exchanges a callback code once, through GET /v1/auth/credentials too, and not after 5 minutes', async () => {
      await f.api.createSaasUser({ email: 'c@example.com', password: PASSWORD });
      const code = callbackCode(f, 'c@example.com');
      const credentials = await f.api.getCredentials(code);
      expect(credentials).toEqual({ id_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), access_token: expect.any(String), refresh_token: expect.any(String) });
      await expectApiError(f.api.getCredentials(code), 404, 'invalid_callback_code');
      const late = callbackCode(f, 'c@example.com');
      control().clock.advance(5 * 60_000);
      expect(thrown(() => control().exchangeCode(late)).type).toBe('invalid_callback_code');
    });

    it('serves signed GET /v1/auth/userinfo?token=<ID token>, refreshes credentials, and ends tokens after 1 h', async () => {
      const { user, accessToken } = await signedInUser(f, 'info@example.com');
      const { id_token: idToken, refresh_token } = control().exchangeCode(callbackCode(f, 'info@example.com'));
      const signed = await signedRequest(f, 'GET', `/v1/auth/userinfo?token=${encodeURIComponent(idToken)}`);
      expect(await signed.json()).toEqual({ id: user.id, email: 'info@example.com', user_attribute: {}, tenants: [] });
      // Unsigned, or with the access token: refused.
      expect(await statusAndType(await f.fetch(`${f.baseURL}/v1/auth/userinfo`, { headers: { authorization: `Bearer ${idToken}` } }))).toEqual([401, 'permission_denied']);
      expect(await statusAndType(await signedRequest(f, 'GET', `/v1/auth/userinfo?token=${encodeURIComponent(accessToken)}`))).toEqual([401, 'invalid_id_token']);
      const refreshed = await signedRequest(f, 'GET', `/v1/auth/credentials?auth-flow=refreshTokenAuth&refresh-token=${encodeURIComponent(refresh_token)}`);
      expect((await refreshed.json()) as unknown).toMatchObject({ refresh_token, access_token: expect.any(String) });
      control().clock.advance(3_600_000);
      expect(thrown(() => control().userInfo(idToken)).type).toBe('invalid_id_token');
      expect(await statusAndType(await signedRequest(f, 'GET', `/v1/auth/userinfo?token=${encodeURIComponent(idToken)}`))).toEqual([401, 'invalid_id_token']);
    });

    it("issues an HS256 id token with the user's id and address, signed with the secret key", async () => {
      const user = await f.api.createSaasUser({ email: 'jwt@example.com', password: PASSWORD });
      const { id_token } = control().exchangeCode(callbackCode(f, 'jwt@example.com'));
      const [header = '', payload = '', signature] = id_token.split('.');
      const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
      expect(decode(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(decode(payload)).toMatchObject({ sub: user.id, email: 'jwt@example.com', aud: f.emulator.credentials.saasId });
      expect(signature).toBe(createHmac('sha256', f.emulator.credentials.secretKey).update(`${header}.${payload}`).digest('base64url'));
    });
  });

  describe('faults', () => {
    it('answers an injected fault the given number of times, then behaves again', async () => {
      control().injectFault('signUp', { status: 503, type: 'service_unavailable', message: 'down', times: 2 });
      await expectApiError(f.api.signUp({ email: 'f@example.com' }), 503, 'service_unavailable');
      await expectApiError(f.api.signUp({ email: 'f@example.com' }), 503, 'service_unavailable');
      await expect(f.api.signUp({ email: 'f@example.com' })).resolves.toMatchObject({ email: 'f@example.com' });
    });

    it('keeps an Infinity fault until cleared, and faults the credentials exchange too', async () => {
      control().injectFault('getSaasUsers', { status: 500, times: Infinity });
      control().injectFault('getAuthCredentials', { status: 502 });
      for (let i = 0; i < 3; i++) await expectApiError(f.api.getSaasUsers(), 500, 'injected_fault');
      await expectApiError(f.api.getCredentials('whatever'), 502, 'injected_fault');
      control().clearFaults();
      await expect(f.api.getSaasUsers()).resolves.toEqual({ users: [] });
    });

    it('delays a latency-only fault and lets an abort through while waiting', async () => {
      control().injectFault('getSaasUsers', { latencyMs: 5_000 });
      const abort = new AbortController();
      const pending = f.api.getSaasUsers({ signal: abort.signal });
      abort.abort();
      await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    });

    it('rejects malformed faults with invalid_parameter', () => {
      expect(thrown(() => control().injectFault('nope' as never, { status: 500 })).type).toBe('invalid_parameter');
      expect(thrown(() => control().injectFault('signUp', { status: 302 })).type).toBe('invalid_parameter');
      expect(thrown(() => control().injectFault('signUp', {})).type).toBe('invalid_parameter');
    });
  });

  describe('clock, reset and state', () => {
    it('moves the clock with advance and set', () => {
      const start = control().clock.now();
      control().clock.advance(1_000);
      expect(control().clock.now()).toBe(start + 1_000);
      control().clock.set(Date.UTC(2030, 0, 1));
      expect(control().clock.now()).toBe(Date.UTC(2030, 0, 1));
    });

    it('reset empties the state and clears faults', async () => {
      await f.api.signUp({ email: 'r@example.com' });
      control().injectFault('getSaasUsers', { status: 500, times: Infinity });
      control().reset();
      await expect(f.api.getSaasUsers()).resolves.toEqual({ users: [] });
      expect(control().outbox()).toEqual([]);
    });

    it('exports JSON-safe state that imports into a fresh emulator, and refuses malformed state unchanged', async () => {
      const { user } = await signedInUser(f, 'x@example.com');
      const exported = JSON.parse(JSON.stringify(control().exportState())) as unknown;
      const other = createEmulator();
      other.control.importState(exported);
      const api = createSaasUserApi({ baseURL: 'http://other.test', ...other.credentials, fetch: other.fetch, retry: false });
      expect(await api.getSaasUser(user.id)).toMatchObject({ email: 'x@example.com' });
      const before = other.control.exportState();
      expect(thrown(() => other.control.importState({ ...before, users: { bad: { id: 'bad' } } })).type).toBe('invalid_parameter');
      expect(thrown(() => other.control.importState('nope')).type).toBe('invalid_parameter');
      expect(other.control.exportState()).toEqual(before);
      await expect(freshAccessToken({ ...f, emulator: other, api }, 'x@example.com')).resolves.toEqual(expect.any(String));
    });

    it('gives deterministic codes and ids for a seeded random source', async () => {
      const run = async () => {
        let seed = 42;
        const emulator = createEmulator({ random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) });
        const api = createSaasUserApi({ baseURL: 'http://seeded.test', ...emulator.credentials, fetch: emulator.fetch, retry: false });
        const user = await api.signUp({ email: 's@example.com' });
        return [user.id, emulator.control.latestMessage('s@example.com')?.temporaryPassword];
      };
      expect(await run()).toEqual(await run());
    });
  });
});
