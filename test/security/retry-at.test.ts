/**
 * A resend refused with `limit_exceeded` carries the time the server accepts it again in
 * `data.next_allowed_at`. Whether the server writes it in epoch seconds, epoch milliseconds or
 * ISO 8601, the flow's `resendAvailableAt` is the same instant, and the cooldown holds until then.
 */
import { describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { settle } from '../machines/support/controlled-actor.js';
import { startSignUp, T0 } from '../machines/support/harness.js';

const AT = T0 + 600_000;
const FORMATS: [string, unknown][] = [
  ['epoch seconds', AT / 1000],
  ['epoch seconds as a whole number of a recent date', Math.floor(AT / 1000)],
  ['epoch milliseconds', AT],
  ['ISO 8601', new Date(AT).toISOString()],
];

/** The error the real client rejects with when a fake SaaSus answers 429 with `next_allowed_at`. */
async function limitExceeded(nextAllowedAt: unknown): Promise<unknown> {
  const fetch = async () =>
    new Response(JSON.stringify({ type: 'limit_exceeded', message: 'Wait before asking again.', data: { reason: 'cooldown', next_allowed_at: nextAllowedAt } }), {
      status: 429,
      headers: { 'content-type': 'application/json' },
    });
  const api = createSaasUserApi({ baseURL: 'http://saasus.test', saasId: 's', apiKey: 'k', secretKey: 'secret-key', fetch, retry: false });
  return api.resendSignUpConfirmationEmail({ email: 'ann@example.com' }).then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('next_allowed_at formats (security of the resend cooldown)', () => {
  it.each(FORMATS)('%s → the same resendAvailableAt, and the cooldown holds until then', async (_name, value) => {
    const flow = startSignUp();
    flow.actor.send({ type: 'email.submit', email: 'ann@example.com' });
    flow.signUp.last().resolve({ userId: 'u1', sentAt: T0 });
    await settle();
    flow.clock.increment(60_000);
    flow.actor.send({ type: 'code.resend' });
    flow.resend.last().reject(await limitExceeded(value));
    await settle();
    const snapshot = flow.actor.getSnapshot();
    expect(snapshot.context.error).toMatchObject({ code: 'limit_exceeded', retryAt: AT });
    expect(snapshot.context.resendAvailableAt).toBe(AT);
    // Still cooling down a millisecond before the deadline: a resend asked for now is only queued.
    flow.clock.increment(AT - T0 - 60_000 - 1);
    expect(flow.actor.getSnapshot().matches({ awaitingConfirmation: { resend: 'coolingDown' } })).toBe(true);
    flow.actor.send({ type: 'code.resend' });
    expect(flow.resend.calls).toHaveLength(1);
    // At the deadline, the queued resend goes out.
    flow.clock.increment(1);
    expect(flow.resend.calls).toHaveLength(2);
  });
});
