import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { EMAIL_MESSAGE } from '../../src/api/validation.js';
import { signUpMachine } from '../../src/machines/index.js';
import { apiFailure, networkFailure, settle } from './support/controlled-actor.js';
import { startSignUp, T0 } from './support/harness.js';

const EMAIL = 'ann@example.com';

async function toAwaitingConfirmation(flow: ReturnType<typeof startSignUp>) {
  flow.actor.send({ type: 'email.submit', email: EMAIL });
  flow.signUp.last().resolve({ userId: 'u1', sentAt: T0 });
  await settle();
}

describe('signUpMachine', () => {
  it('starts in enteringEmail with the address from input', () => {
    const { actor } = startSignUp({ email: ' ann@example.com ' });
    expect(actor.getSnapshot().matches('enteringEmail')).toBe(true);
    expect(actor.getSnapshot().context.email).toBe(EMAIL);
    expect(actor.getSnapshot().tags.size).toBe(0);
  });

  it('moves to signingUp with the busy tag and calls signUp with the address', () => {
    const { actor, signUp } = startSignUp();
    actor.send({ type: 'email.submit', email: ` ${EMAIL}` });
    expect(actor.getSnapshot().value).toBe('signingUp');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(signUp.last().input).toEqual({ email: EMAIL });
  });

  it('refuses a malformed address without a request', () => {
    const { actor, signUp } = startSignUp();
    actor.send({ type: 'email.submit', email: 'ann@example' });
    expect(actor.getSnapshot().value).toEqual({ enteringEmail: 'failed' });
    expect(actor.getSnapshot().hasTag('error')).toBe(true);
    expect(actor.getSnapshot().context.error).toEqual({ code: 'invalid_input', message: EMAIL_MESSAGE, retryable: false });
    expect(signUp.calls).toHaveLength(0);
  });

  it('ignores a second submit while signing up', () => {
    const { actor, signUp } = startSignUp();
    actor.send({ type: 'email.submit', email: EMAIL });
    actor.send({ type: 'email.submit', email: 'other@example.com' });
    expect(signUp.calls).toHaveLength(1);
    expect(actor.getSnapshot().context.email).toBe(EMAIL);
  });

  it('moves to awaitingConfirmation when sign-up succeeds, with absolute deadlines', async () => {
    const flow = startSignUp();
    await toAwaitingConfirmation(flow);
    const snapshot = flow.actor.getSnapshot();
    expect(snapshot.value).toEqual({ awaitingConfirmation: { resend: 'coolingDown', feedback: 'idle' } });
    expect(snapshot.context).toMatchObject({ userId: 'u1', sentAt: T0, codeExpiresAt: T0 + 3_600_000, resendAvailableAt: T0 + 60_000 });
    expect(snapshot.tags.size).toBe(0);
  });

  it('shows a sign-up failure in enteringEmail with the error tag', async () => {
    const { actor, signUp } = startSignUp();
    actor.send({ type: 'email.submit', email: EMAIL });
    signUp.last().reject(apiFailure('email_already_exists'));
    await settle();
    expect(actor.getSnapshot().value).toEqual({ enteringEmail: 'failed' });
    expect(actor.getSnapshot().hasTag('error')).toBe(true);
    expect(actor.getSnapshot().context.error).toEqual({ code: 'email_already_exists', message: 'failure: email_already_exists', retryable: false });
  });

  it('retries sign-up on flow.retry after a retryable failure', async () => {
    const { actor, signUp } = startSignUp();
    actor.send({ type: 'email.submit', email: EMAIL });
    signUp.last().reject(networkFailure());
    await settle();
    actor.send({ type: 'flow.retry' });
    expect(actor.getSnapshot().value).toBe('signingUp');
    expect(actor.getSnapshot().context.error).toBeUndefined();
    expect(signUp.calls).toHaveLength(2);
  });

  it('ignores flow.retry after a failure that is not retryable', async () => {
    const { actor, signUp } = startSignUp();
    actor.send({ type: 'email.submit', email: EMAIL });
    signUp.last().reject(apiFailure('email_already_exists'));
    await settle();
    actor.send({ type: 'flow.retry' });
    expect(actor.getSnapshot().value).toEqual({ enteringEmail: 'failed' });
    expect(signUp.calls).toHaveLength(1);
  });

  it('offers a resend only after the cooldown, then resends with new deadlines', async () => {
    const flow = startSignUp();
    await toAwaitingConfirmation(flow);
    expect(flow.actor.getSnapshot().can({ type: 'code.resend' })).toBe(true);
    flow.clock.increment(59_999);
    expect(flow.actor.getSnapshot().matches({ awaitingConfirmation: { resend: 'coolingDown' } })).toBe(true);
    flow.clock.increment(1);
    expect(flow.actor.getSnapshot().matches({ awaitingConfirmation: { resend: 'available' } })).toBe(true);
    flow.actor.send({ type: 'code.resend' });
    expect(flow.actor.getSnapshot().value).toBe('resending');
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(flow.resend.last().input).toEqual({ email: EMAIL });
    flow.resend.last().resolve({ sentAt: T0 + 60_000 });
    await settle();
    expect(flow.actor.getSnapshot().context).toMatchObject({ resendAvailableAt: T0 + 120_000, codeExpiresAt: T0 + 60_000 + 3_600_000 });
  });

  it('queues a resend asked for during the cooldown and sends it when the cooldown ends', async () => {
    const flow = startSignUp();
    await toAwaitingConfirmation(flow);
    flow.clock.increment(10_000);
    flow.actor.send({ type: 'code.resend' });
    expect(flow.actor.getSnapshot().context.resendQueued).toBe(true);
    expect(flow.resend.calls).toHaveLength(0);
    flow.clock.increment(50_000);
    expect(flow.actor.getSnapshot().value).toBe('resending');
    expect(flow.actor.getSnapshot().context.resendQueued).toBe(false);
    expect(flow.resend.calls).toHaveLength(1);
  });

  it('keeps the server\'s next allowed time when a resend is refused with limit_exceeded', async () => {
    const flow = startSignUp();
    await toAwaitingConfirmation(flow);
    flow.clock.increment(60_000);
    flow.actor.send({ type: 'code.resend' });
    flow.resend.last().reject(apiFailure('limit_exceeded', { status: 429, data: { next_allowed_at: T0 + 600_000 } }));
    await settle();
    const snapshot = flow.actor.getSnapshot();
    expect(snapshot.value).toEqual({ awaitingConfirmation: { resend: 'coolingDown', feedback: 'failed' } });
    expect(snapshot.hasTag('error')).toBe(true);
    expect(snapshot.context.error).toMatchObject({ code: 'limit_exceeded', retryAt: T0 + 600_000, retryable: true });
    expect(snapshot.context.resendAvailableAt).toBe(T0 + 600_000);
    flow.clock.increment(539_999);
    expect(flow.actor.getSnapshot().matches({ awaitingConfirmation: { resend: 'coolingDown' } })).toBe(true);
  });

  it('confirms with the submitted confirmation, never keeping the password, and outputs the user', async () => {
    const flow = startSignUp();
    await toAwaitingConfirmation(flow);
    const confirmation = { method: 'newPassword', temporaryPassword: 'Tmp#123456', newPassword: 'N3w#Passw0rd' } as const;
    flow.actor.send({ type: 'confirmation.submit', confirmation });
    expect(flow.actor.getSnapshot().value).toBe('confirming');
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(flow.confirm.last().input).toEqual({ email: EMAIL, userId: 'u1', confirmation });
    expect(JSON.stringify(flow.actor.getSnapshot().context)).not.toContain('Tmp#123456');
    flow.actor.send({ type: 'confirmation.submit', confirmation });
    expect(flow.confirm.calls).toHaveLength(1);
    flow.confirm.last().resolve({ userId: 'u1' });
    await settle();
    expect(flow.actor.getSnapshot().status).toBe('done');
    expect(flow.actor.getSnapshot().value).toBe('confirmed');
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'confirmed', userId: 'u1', email: EMAIL });
  });

  it('shows a failed confirmation in awaitingConfirmation with the error tag', async () => {
    const flow = startSignUp();
    await toAwaitingConfirmation(flow);
    flow.actor.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'abc' } });
    flow.confirm.last().reject(apiFailure('code_mismatch', { data: { attempts_left: 2 } }));
    await settle();
    expect(flow.actor.getSnapshot().matches({ awaitingConfirmation: { feedback: 'failed' } })).toBe(true);
    expect(flow.actor.getSnapshot().context.error).toMatchObject({ code: 'code_mismatch', attemptsLeft: 2 });
  });

  it('refuses an incomplete confirmation without a request', async () => {
    const flow = startSignUp();
    await toAwaitingConfirmation(flow);
    flow.actor.send({ type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: 'x', newPassword: ' ' } });
    expect(flow.actor.getSnapshot().matches({ awaitingConfirmation: { feedback: 'failed' } })).toBe(true);
    expect(flow.actor.getSnapshot().context.error?.code).toBe('invalid_input');
    expect(flow.confirm.calls).toHaveLength(0);
  });

  it('returns to enteringEmail on email.change and forgets the deadlines', async () => {
    const flow = startSignUp();
    await toAwaitingConfirmation(flow);
    flow.actor.send({ type: 'email.change' });
    const snapshot = flow.actor.getSnapshot();
    expect(snapshot.value).toEqual({ enteringEmail: 'editing' });
    expect(snapshot.context).toMatchObject({ email: EMAIL, userId: undefined, codeExpiresAt: undefined, resendAvailableAt: undefined });
  });

  it('cancels from enteringEmail and from awaitingConfirmation with the cancelled output', async () => {
    const first = startSignUp();
    first.actor.send({ type: 'flow.cancel' });
    expect(first.actor.getSnapshot().output).toEqual({ status: 'cancelled' });
    const second = startSignUp();
    await toAwaitingConfirmation(second);
    second.actor.send({ type: 'flow.cancel' });
    expect(second.actor.getSnapshot().value).toBe('cancelled');
    expect(second.actor.getSnapshot().status).toBe('done');
  });

  it('aborts the request in flight when cancelled in signingUp, resending or confirming', async () => {
    const flow = startSignUp();
    flow.actor.send({ type: 'email.submit', email: EMAIL });
    const { signal } = flow.signUp.last();
    flow.actor.send({ type: 'flow.cancel' });
    expect(signal.aborted).toBe(true);

    const resending = startSignUp();
    await toAwaitingConfirmation(resending);
    resending.clock.increment(60_000);
    resending.actor.send({ type: 'code.resend' });
    resending.actor.send({ type: 'flow.cancel' });
    expect(resending.resend.last().signal.aborted).toBe(true);

    const confirming = startSignUp();
    await toAwaitingConfirmation(confirming);
    confirming.actor.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'c0de' } });
    confirming.actor.send({ type: 'flow.cancel' });
    expect(confirming.confirm.last().signal.aborted).toBe(true);
    expect(confirming.actor.getSnapshot().output).toEqual({ status: 'cancelled' });
  });

  it('shows a configuration error when used without its actors', async () => {
    const actor = createActor(signUpMachine, { input: {} }).start();
    actor.send({ type: 'email.submit', email: EMAIL });
    await settle();
    expect(actor.getSnapshot().value).toEqual({ enteringEmail: 'failed' });
    expect(actor.getSnapshot().context.error?.code).toBe('configuration');
    expect(actor.getSnapshot().context.error?.message).toContain('createSaasusFlows');
  });
});
