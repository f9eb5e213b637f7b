import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isApiError } from '../../src/api/index.js';
import { signedInUser, startFixture, transports, type Fixture } from './support.js';

/** Outcome counts of settled calls: `ok` or the SaaSus error type. */
function tally(results: PromiseSettledResult<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === 'fulfilled' ? 'ok' : isApiError(r.reason) ? r.reason.type : String(r.reason);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe.each(transports)('emulator under concurrent requests (%s)', (transport) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture(transport);
  });
  afterEach(async () => {
    await f.close();
  });

  it('50 parallel sign-ups of one address create exactly one user and send one mail', async () => {
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => f.api.signUp({ email: 'race@example.com' })));
    expect(tally(results)).toEqual({ ok: 1, email_already_exists: 49 });
    expect((await f.api.getSaasUsers()).users).toHaveLength(1);
    expect(f.emulator.control.outbox({ to: 'race@example.com' })).toHaveLength(1);
  });

  it('20 parallel confirmations of one e-mail code succeed once', async () => {
    const { user, accessToken } = await signedInUser(f, 'alice@example.com');
    await f.api.requestEmailUpdate(user.id, { email: 'alice.new@example.com', access_token: accessToken });
    const code = f.emulator.control.latestMessage('alice.new@example.com')?.code ?? '';
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => f.api.confirmEmailUpdate(user.id, { code, access_token: accessToken })));
    expect(tally(results)).toEqual({ ok: 1, no_pending_code: 19 });
    expect(await f.api.getSaasUser(user.id)).toMatchObject({ email: 'alice.new@example.com' });
  });

  it('20 parallel confirmations of one link code succeed once', async () => {
    const { accessToken } = await signedInUser(f, 'bob@example.com');
    await f.api.requestExternalUserLink({ access_token: accessToken });
    const code = f.emulator.control.latestMessage('bob@example.com', 'verifyExternalUser')?.code ?? '';
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => f.api.confirmExternalUserLink({ access_token: accessToken, code })));
    expect(tally(results)).toEqual({ ok: 1, no_pending_code: 19 });
  });

  it('20 parallel Marketplace confirmations with one registration token create one tenant', async () => {
    const { accessToken } = await signedInUser(f, 'buyer@example.com');
    const registration_token = f.emulator.control.mintRegistrationToken();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => f.api.confirmSignUpWithAwsMarketplace({ tenant_name: `T${i}`, access_token: accessToken, registration_token })),
    );
    expect(tally(results)).toEqual({ ok: 1, invalid_registration_token: 19 });
    expect(Object.keys(f.emulator.control.exportState().tenants)).toHaveLength(1);
  });
});
