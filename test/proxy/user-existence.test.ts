import { describe, expect, it } from 'vitest';
import { createProxyFixture } from './proxy-fixture.js';

/** Status and body of an answer, for comparing two answers that must look alike. */
async function shape(response: Response): Promise<{ status: number; keys: string[]; type?: unknown }> {
  const text = await response.text();
  const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
  return { status: response.status, keys: body === undefined ? [] : Object.keys(body).sort(), type: body?.['type'] };
}

describe('createSaasusProxy: prevent user existence errors (on by default)', () => {
  it('answers a sign-up of a taken address as it answers a new sign-up', async () => {
    const fx = createProxyFixture();
    await fx.api.signUp({ email: 'taken@example.com' });
    const fresh = await fx.send('POST', '/sign-up', { body: { email: 'new@example.com' } });
    const taken = await fx.send('POST', '/sign-up', { body: { email: 'taken@example.com' } });
    expect(await shape(taken)).toEqual(await shape(fresh));
    expect(fresh.status).toBe(201);
    // Only the real sign-up created a user and mailed a temporary password.
    expect(fx.emulator.control.outbox().filter((m) => m.to === 'taken@example.com')).toHaveLength(1);
  });

  it('answers a resend for an unknown or a confirmed address as it answers a resend for a waiting one, cooldown included', async () => {
    const fx = createProxyFixture();
    await fx.api.signUp({ email: 'waiting@example.com' });
    await fx.signedInUser('confirmed@example.com');
    fx.emulator.control.clock.advance(120_000); // past the sign-up mails' cooldown
    const answers = [];
    for (const email of ['waiting@example.com', 'unknown@example.com', 'confirmed@example.com']) {
      answers.push(await shape(await fx.send('POST', '/sign-up/resend', { body: { email } })));
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]).toEqual({ status: 200, keys: [], type: undefined });
    // A second resend at once: all three refused alike, as the cooldown refuses the real one.
    const again = [];
    for (const email of ['waiting@example.com', 'unknown@example.com', 'confirmed@example.com']) {
      again.push(await shape(await fx.send('POST', '/sign-up/resend', { body: { email } })));
    }
    expect(again[0]).toEqual({ status: 429, keys: ['data', 'message', 'type'], type: 'limit_exceeded' });
    expect(again[1]).toEqual(again[0]);
    expect(again[2]).toEqual(again[0]);
  });

  it('tells when switched off', async () => {
    const fx = createProxyFixture({ preventUserExistenceErrors: false });
    await fx.api.signUp({ email: 'taken@example.com' });
    const taken = await fx.send('POST', '/sign-up', { body: { email: 'taken@example.com' } });
    expect((await shape(taken)).type).toBe('email_already_exists');
    const unknown = await fx.send('POST', '/sign-up/resend', { body: { email: 'unknown@example.com' } });
    expect((await shape(unknown)).type).toBe('user_not_found');
  });
});
