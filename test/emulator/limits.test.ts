import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { expectApiError, signedInUser, signedRequest, startFrozenFixture, type Fixture } from './support.js';

const HOUR = 3_600_000;

describe('emulator abuse limits', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.close();
  });

  async function start(options: EmulatorOptions = {}) {
    f = await startFrozenFixture('in-process', options);
    return signedInUser(f, 'alice@example.com');
  }

  it('caps requests per hour (default 5) with 429 hourly_cap and the time the oldest send leaves the window', async () => {
    const alice = await start();
    const first = f.emulator.control.clock.now();
    for (let i = 0; i < 5; i++) {
      await f.api.requestExternalUserLink({ access_token: alice.accessToken });
      f.emulator.control.clock.advance(60_000);
    }
    const error = await expectApiError(f.api.requestExternalUserLink({ access_token: alice.accessToken }), 429, 'limit_exceeded');
    expect(error.data).toEqual({ reason: 'hourly_cap', next_allowed_at: first + HOUR, retry_after_ms: first + HOUR - f.emulator.control.clock.now() });
    expect(f.emulator.control.outbox({ template: 'verifyExternalUser' })).toHaveLength(5);
  });

  it('a new code replaces the previous one, which stops working', async () => {
    const alice = await start({ resendCooldownMs: 0 });
    await f.api.requestEmailUpdate(alice.user.id, { email: 'one@example.com', access_token: alice.accessToken });
    const old = f.emulator.control.latestMessage('one@example.com')?.code ?? '';
    await f.api.requestEmailUpdate(alice.user.id, { email: 'two@example.com', access_token: alice.accessToken });
    const fresh = f.emulator.control.latestMessage('two@example.com')?.code ?? '';
    if (old !== fresh) await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: old, access_token: alice.accessToken }), 400, 'code_mismatch');
    await f.api.confirmEmailUpdate(alice.user.id, { code: fresh, access_token: alice.accessToken });
    expect(await f.api.getSaasUser(alice.user.id)).toMatchObject({ email: 'two@example.com' });
  });

  it('honours configured TTL, attempt limit, cooldown and cap', async () => {
    const alice = await start({ codeTtlMs: 10 * 60_000, maxCodeAttempts: 2, resendCooldownMs: 5_000, resendHourlyCap: 2 });
    await f.api.requestEmailUpdate(alice.user.id, { email: 'n@example.com', access_token: alice.accessToken });
    const code = f.emulator.control.latestMessage('n@example.com')?.code ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    const cooldown = await expectApiError(f.api.requestEmailUpdate(alice.user.id, { email: 'n@example.com', access_token: alice.accessToken }), 429, 'limit_exceeded');
    expect(cooldown.data).toMatchObject({ reason: 'cooldown', retry_after_ms: 5_000 });
    expect((await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: wrong, access_token: alice.accessToken }), 400, 'code_mismatch')).data).toEqual({
      attempts_left: 1,
    });
    expect((await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: wrong, access_token: alice.accessToken }), 400, 'code_mismatch')).data).toEqual({
      attempts_left: 0,
    });
    await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code, access_token: alice.accessToken }), 400, 'too_many_attempts');

    f.emulator.control.clock.advance(5_000);
    await f.api.requestEmailUpdate(alice.user.id, { email: 'n@example.com', access_token: alice.accessToken });
    f.emulator.control.clock.advance(5_000);
    const cap = await expectApiError(f.api.requestEmailUpdate(alice.user.id, { email: 'n@example.com', access_token: alice.accessToken }), 429, 'limit_exceeded');
    expect(cap.data).toMatchObject({ reason: 'hourly_cap' });

    const second = f.emulator.control.latestMessage('n@example.com')?.code ?? '';
    f.emulator.control.clock.advance(10 * 60_000 - 5_000);
    // The access token (1 h) is still valid; the code (10 min) is not.
    await expectApiError(f.api.confirmEmailUpdate(alice.user.id, { code: second, access_token: alice.accessToken }), 400, 'expired_code');
  });

  it('sends a Retry-After header (seconds) with 429', async () => {
    await start();
    await f.api.signUp({ email: 'r@example.com' });
    f.emulator.control.clock.advance(15_500);
    const response = await signedRequest(f, 'POST', '/v1/auth/sign-up/resend', {
      body: JSON.stringify({ email: 'r@example.com' }),
      headers: { 'content-type': 'application/json' },
    });
    expect([response.status, response.headers.get('retry-after')]).toEqual([429, '45']);
  });
});
