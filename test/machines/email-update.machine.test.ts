import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { CODE_MESSAGE } from '../../src/api/validation.js';
import { emailUpdateMachine } from '../../src/machines/index.js';
import { apiFailure, networkFailure, settle } from './support/controlled-actor.js';
import { startEmailUpdate, T0 } from './support/harness.js';

const NEW_EMAIL = 'new@example.com';

async function toEnteringCode(flow: ReturnType<typeof startEmailUpdate>) {
  flow.actor.send({ type: 'email.submit', email: NEW_EMAIL });
  flow.request.last().resolve({ sentAt: T0 });
  await settle();
}

async function submitWrongCode(flow: ReturnType<typeof startEmailUpdate>, error: unknown) {
  flow.actor.send({ type: 'code.submit', code: '000000' });
  flow.confirm.last().reject(error);
  await settle();
}

describe('emailUpdateMachine', () => {
  it('requests the code for the new address with the busy tag', () => {
    const { actor, request } = startEmailUpdate();
    actor.send({ type: 'email.submit', email: NEW_EMAIL });
    expect(actor.getSnapshot().value).toBe('requestingEmailUpdate');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(request.last().input).toEqual({ email: NEW_EMAIL });
    actor.send({ type: 'email.submit', email: 'x@example.com' });
    expect(request.calls).toHaveLength(1);
  });

  it('moves to enteringCode with a 24 h expiry and a 60 s resend deadline by default', async () => {
    const flow = startEmailUpdate();
    await toEnteringCode(flow);
    expect(flow.actor.getSnapshot().value).toEqual({ enteringCode: { resend: 'coolingDown', feedback: 'idle' } });
    expect(flow.actor.getSnapshot().context).toMatchObject({ codeExpiresAt: T0 + 86_400_000, resendAvailableAt: T0 + 60_000 });
  });

  it('shows a failed request in enteringEmail and retries it on flow.retry', async () => {
    const { actor, request } = startEmailUpdate();
    actor.send({ type: 'email.submit', email: NEW_EMAIL });
    request.last().reject(networkFailure());
    await settle();
    expect(actor.getSnapshot().value).toEqual({ enteringEmail: 'failed' });
    expect(actor.getSnapshot().hasTag('error')).toBe(true);
    actor.send({ type: 'flow.retry' });
    expect(actor.getSnapshot().value).toBe('requestingEmailUpdate');
    expect(request.calls).toHaveLength(2);
  });

  it.each(['12345', '1234567', '12a456', ''])('refuses %j as a code without a request, with the code message', async (code) => {
    const flow = startEmailUpdate();
    await toEnteringCode(flow);
    flow.actor.send({ type: 'code.submit', code });
    expect(flow.actor.getSnapshot().value).toEqual({ enteringCode: { resend: 'coolingDown', feedback: 'failed' } });
    expect(flow.actor.getSnapshot().context.error).toEqual({ code: 'invalid_input', message: CODE_MESSAGE, retryable: false });
    expect(flow.confirm.calls).toHaveLength(0);
  });

  it('confirms the code, keeping it out of context, and outputs the new address', async () => {
    const flow = startEmailUpdate();
    await toEnteringCode(flow);
    flow.actor.send({ type: 'code.submit', code: ' 123456 ' });
    expect(flow.actor.getSnapshot().value).toBe('confirmingEmailUpdate');
    expect(flow.confirm.last().input).toEqual({ code: '123456' });
    expect(JSON.stringify(flow.actor.getSnapshot().context)).not.toContain('123456');
    flow.actor.send({ type: 'code.submit', code: '123456' });
    expect(flow.confirm.calls).toHaveLength(1);
    flow.confirm.last().resolve();
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'updated', email: NEW_EMAIL });
  });

  it('stays in code entry with the attempts left after a wrong code', async () => {
    const flow = startEmailUpdate();
    await toEnteringCode(flow);
    await submitWrongCode(flow, apiFailure('code_mismatch', { data: { attempts_left: 2 } }));
    const snapshot = flow.actor.getSnapshot();
    expect(snapshot.matches({ enteringCode: { feedback: 'failed' } })).toBe(true);
    expect(snapshot.hasTag('error')).toBe(true);
    expect(snapshot.context.error).toMatchObject({ code: 'code_mismatch', attemptsLeft: 2 });
    flow.actor.send({ type: 'code.submit', code: '123456' });
    expect(flow.actor.getSnapshot().value).toBe('confirmingEmailUpdate');
  });

  it.each([
    ['an expired code', apiFailure('expired_code')],
    ['the last wrong attempt', apiFailure('code_mismatch', { data: { attempts_left: 0 } })],
    ['a code killed by wrong attempts', apiFailure('too_many_attempts')],
  ])('moves to codeExpired after %s and requests a new code on code.resend', async (_name, error) => {
    const flow = startEmailUpdate();
    await toEnteringCode(flow);
    await submitWrongCode(flow, error);
    expect(flow.actor.getSnapshot().value).toBe('codeExpired');
    expect(flow.actor.getSnapshot().hasTag('error')).toBe(true);
    flow.actor.send({ type: 'code.submit', code: '123456' });
    expect(flow.confirm.calls).toHaveLength(1);
    flow.actor.send({ type: 'code.resend' });
    expect(flow.actor.getSnapshot().value).toBe('requestingEmailUpdate');
    expect(flow.request.calls).toHaveLength(2);
  });

  it('resends after the cooldown and keeps the server\'s next allowed time on limit_exceeded', async () => {
    const flow = startEmailUpdate();
    await toEnteringCode(flow);
    flow.clock.increment(60_000);
    flow.actor.send({ type: 'code.resend' });
    expect(flow.actor.getSnapshot().value).toBe('resending');
    flow.request.last().reject(apiFailure('limit_exceeded', { status: 429, data: { next_allowed_at: T0 + 300_000 } }));
    await settle();
    expect(flow.actor.getSnapshot().matches({ enteringCode: { resend: 'coolingDown', feedback: 'failed' } })).toBe(true);
    expect(flow.actor.getSnapshot().context.resendAvailableAt).toBe(T0 + 300_000);
    flow.actor.send({ type: 'code.resend' });
    flow.clock.increment(240_000);
    expect(flow.actor.getSnapshot().value).toBe('resending');
    flow.request.last().resolve({ sentAt: T0 + 300_000 });
    await settle();
    expect(flow.actor.getSnapshot().context).toMatchObject({ codeExpiresAt: T0 + 300_000 + 86_400_000, error: undefined });
  });

  it('goes back to enteringEmail on email.change', async () => {
    const flow = startEmailUpdate();
    await toEnteringCode(flow);
    flow.actor.send({ type: 'email.change' });
    expect(flow.actor.getSnapshot().value).toEqual({ enteringEmail: 'editing' });
    expect(flow.actor.getSnapshot().context.codeExpiresAt).toBeUndefined();
  });

  it('cancels from code entry and aborts a confirmation in flight', async () => {
    const flow = startEmailUpdate();
    await toEnteringCode(flow);
    flow.actor.send({ type: 'code.submit', code: '123456' });
    flow.actor.send({ type: 'flow.cancel' });
    expect(flow.confirm.last().signal.aborted).toBe(true);
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'cancelled' });
  });

  it('shows a configuration error when used without its actors', async () => {
    const actor = createActor(emailUpdateMachine, { input: {} }).start();
    actor.send({ type: 'email.submit', email: NEW_EMAIL });
    await settle();
    expect(actor.getSnapshot().context.error?.code).toBe('configuration');
    expect(actor.getSnapshot().hasTag('error')).toBe(true);
  });
});
