import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorError, type SignInResult } from '../../src/emulator/index.js';
import { authenticatorFor, PASSWORD, startFrozenFixture, type Fixture } from './support.js';

const LOCKOUT_MS = 15 * 60_000;

/** What a control call threw: `[type, data]`, or `'ok'` with the result kind. */
function outcome(run: () => SignInResult): [string, Record<string, unknown> | undefined] {
  try {
    return ['ok', { kind: run().kind }];
  } catch (error) {
    if (!(error instanceof EmulatorError)) throw error;
    return [error.type, error.data];
  }
}

describe('emulator sign-in throttling', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.close();
  });

  async function userWithPassword(email: string) {
    f = await startFrozenFixture('in-process');
    return f.api.createSaasUser({ email, password: PASSWORD });
  }

  /** A user with an authenticator app registered and MFA on. */
  async function userWithMfa(email: string) {
    const user = await userWithPassword(email);
    const first = f.emulator.control.signIn({ email, password: PASSWORD });
    if (first.kind !== 'signedIn') throw new Error('expected signedIn');
    const { access_token } = await f.api.getCredentials(first.code);
    const { secret_code } = await f.api.createSecretCode(user.id, { access_token });
    const app = authenticatorFor(f.emulator);
    await f.api.updateSoftwareToken(user.id, { access_token, verification_code: app.code(secret_code) });
    await f.api.updateUserMfaPreference(user.id, { enabled: true, method: 'softwareToken' });
    return { app, secret: secret_code };
  }

  const wrongPassword = (email: string) => outcome(() => f.emulator.control.signIn({ email, password: 'Wrong-pass-1' }));
  const rightPassword = (email: string) => outcome(() => f.emulator.control.signIn({ email, password: PASSWORD }));

  it('refuses sign-in for the cooling period after 5 wrong passwords in a row, even with the right one, with 429 and data.retry_at', async () => {
    await userWithPassword('p@example.com');
    for (let i = 0; i < 5; i++) expect(wrongPassword('p@example.com')[0]).toBe('not_authorized');
    const now = f.emulator.control.clock.now();
    const [type, data] = rightPassword('p@example.com');
    expect([type, data]).toEqual(['limit_exceeded', { reason: 'sign_in_locked', retry_at: now + LOCKOUT_MS, retry_after_ms: LOCKOUT_MS }]);
    // Guesses during the lockout are not even looked at.
    expect(wrongPassword('p@example.com')[0]).toBe('limit_exceeded');

    f.emulator.control.clock.advance(LOCKOUT_MS);
    expect(rightPassword('p@example.com')).toEqual(['ok', { kind: 'signedIn' }]);
  });

  it('is reset by a successful sign-in: failures must be consecutive', async () => {
    await userWithPassword('r@example.com');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect(wrongPassword('r@example.com')[0]).toBe('not_authorized');
      expect(rightPassword('r@example.com')).toEqual(['ok', { kind: 'signedIn' }]);
    }
  });

  it('after the cooling period, one more failure locks again at once', async () => {
    await userWithPassword('again@example.com');
    for (let i = 0; i < 5; i++) wrongPassword('again@example.com');
    f.emulator.control.clock.advance(LOCKOUT_MS);
    expect(wrongPassword('again@example.com')[0]).toBe('not_authorized');
    expect(rightPassword('again@example.com')[0]).toBe('limit_exceeded');
  });

  it('counts wrong authenticator codes per user across sessions: one wrong code in each of 5 sessions locks sign-in', async () => {
    const { app, secret } = await userWithMfa('totp@example.com');
    for (let i = 0; i < 5; i++) {
      const challenge = f.emulator.control.signIn({ email: 'totp@example.com', password: PASSWORD });
      if (challenge.kind !== 'SOFTWARE_TOKEN_MFA') throw new Error(`expected SOFTWARE_TOKEN_MFA, got ${challenge.kind}`);
      const [type] = outcome(() => f.emulator.control.respondToChallenge({ session: challenge.session, totpCode: app.wrongCode(secret) }));
      expect(type).toBe('code_mismatch');
    }
    expect(rightPassword('totp@example.com')[0]).toBe('limit_exceeded');

    f.emulator.control.clock.advance(LOCKOUT_MS);
    const challenge = f.emulator.control.signIn({ email: 'totp@example.com', password: PASSWORD });
    if (challenge.kind !== 'SOFTWARE_TOKEN_MFA') throw new Error('expected SOFTWARE_TOKEN_MFA');
    expect(outcome(() => f.emulator.control.respondToChallenge({ session: challenge.session, totpCode: app.code(secret) }))).toEqual(['ok', { kind: 'signedIn' }]);
    // The right code reset the count: four more failures do not lock.
    for (let i = 0; i < 4; i++) expect(wrongPassword('totp@example.com')[0]).toBe('not_authorized');
    expect(rightPassword('totp@example.com')).toEqual(['ok', { kind: 'SOFTWARE_TOKEN_MFA' }]);
  });

  it('counts wrong passwords and wrong codes together; the right password alone does not reset the count when MFA is on', async () => {
    const { app, secret } = await userWithMfa('mixed@example.com');
    for (let i = 0; i < 3; i++) wrongPassword('mixed@example.com');
    for (let i = 0; i < 2; i++) {
      const challenge = f.emulator.control.signIn({ email: 'mixed@example.com', password: PASSWORD });
      if (challenge.kind !== 'SOFTWARE_TOKEN_MFA') throw new Error('expected SOFTWARE_TOKEN_MFA');
      expect(outcome(() => f.emulator.control.respondToChallenge({ session: challenge.session, totpCode: app.wrongCode(secret) }))[0]).toBe('code_mismatch');
    }
    expect(rightPassword('mixed@example.com')[0]).toBe('limit_exceeded');
  });

  it('answers 429 with Retry-After and data.retry_at over the HTTP control surface', async () => {
    await userWithPassword('http@example.com');
    for (let i = 0; i < 5; i++) wrongPassword('http@example.com');
    const response = await f.fetch(`${f.baseURL}/_emulator/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'http@example.com', password: PASSWORD }),
    });
    const body = (await response.json()) as { type: string; data: { retry_at: number } };
    expect([response.status, response.headers.get('retry-after'), body.type, body.data.retry_at]).toEqual([
      429,
      String(LOCKOUT_MS / 1000),
      'limit_exceeded',
      f.emulator.control.clock.now() + LOCKOUT_MS,
    ]);
  });

  it('honours maxSignInFailures and signInLockoutMs, and keeps the count across a state export and import', async () => {
    f = await startFrozenFixture('in-process', { maxSignInFailures: 2, signInLockoutMs: 1_000 });
    await f.api.createSaasUser({ email: 'o@example.com', password: PASSWORD });
    wrongPassword('o@example.com');
    f.emulator.control.importState(f.emulator.control.exportState());
    wrongPassword('o@example.com');
    expect(rightPassword('o@example.com')[0]).toBe('limit_exceeded');
    f.emulator.control.clock.advance(1_000);
    expect(rightPassword('o@example.com')[0]).toBe('ok');
  });
});
