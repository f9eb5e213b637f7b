import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { externalUserLinkMachine } from '../../src/machines/index.js';
import { apiFailure, networkFailure, settle } from './support/controlled-actor.js';
import { startLink, T0 } from './support/harness.js';


async function toEnteringCode(flow: ReturnType<typeof startLink>) {
  flow.actor.send({ type: 'link.start' });
  flow.request.last().resolve({ sentAt: T0 });
  await settle();
}

describe('externalUserLinkMachine', () => {
  it('starts in choosingAction for Google', () => {
    const { actor } = startLink();
    expect(actor.getSnapshot().value).toEqual({ choosingAction: 'idle' });
    expect(actor.getSnapshot().context.provider).toBe('Google');
  });

  it('requests a link code with the busy tag and ignores a second start', () => {
    const { actor, request } = startLink();
    actor.send({ type: 'link.start' });
    actor.send({ type: 'link.start' });
    expect(actor.getSnapshot().value).toBe('requestingExternalUserLink');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(request.calls).toHaveLength(1);
  });

  it('shows a failed request and retries it on flow.retry', async () => {
    const { actor, request } = startLink();
    actor.send({ type: 'link.start' });
    request.last().reject(networkFailure());
    await settle();
    expect(actor.getSnapshot().value).toEqual({ choosingAction: 'requestFailed' });
    expect(actor.getSnapshot().hasTag('error')).toBe(true);
    actor.send({ type: 'flow.retry' });
    expect(request.calls).toHaveLength(2);
  });

  it('links after a correct code and outputs the provider', async () => {
    const flow = startLink();
    await toEnteringCode(flow);
    expect(flow.actor.getSnapshot().context).toMatchObject({ codeExpiresAt: T0 + 86_400_000, resendAvailableAt: T0 + 30_000 });
    flow.actor.send({ type: 'code.submit', code: '654321' });
    expect(flow.actor.getSnapshot().value).toBe('confirmingExternalUserLink');
    expect(flow.confirm.last().input).toEqual({ code: '654321' });
    flow.confirm.last().resolve();
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'linked', provider: 'Google' });
  });

  it('keeps code entry after a wrong code and offers a new code once it is dead', async () => {
    const flow = startLink();
    await toEnteringCode(flow);
    flow.actor.send({ type: 'code.submit', code: '000000' });
    flow.confirm.last().reject(apiFailure('code_mismatch', { data: { attempts_left: 1 } }));
    await settle();
    expect(flow.actor.getSnapshot().context.error?.attemptsLeft).toBe(1);
    expect(flow.actor.getSnapshot().matches({ enteringCode: { feedback: 'failed' } })).toBe(true);
    flow.actor.send({ type: 'code.submit', code: '000001' });
    flow.confirm.last().reject(apiFailure('code_mismatch', { data: { attempts_left: 0 } }));
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('codeExpired');
    flow.actor.send({ type: 'code.resend' });
    expect(flow.actor.getSnapshot().value).toBe('requestingExternalUserLink');
  });

  it('resends the code when the cooldown is over', async () => {
    const flow = startLink();
    await toEnteringCode(flow);
    flow.clock.increment(30_000);
    flow.actor.send({ type: 'code.resend' });
    expect(flow.actor.getSnapshot().value).toBe('resending');
    flow.request.last().resolve({ sentAt: T0 + 30_000 });
    await settle();
    expect(flow.actor.getSnapshot().context.resendAvailableAt).toBe(T0 + 60_000);
  });

  it('unlinks the provider on link.remove and outputs unlinked', async () => {
    const { actor, unlink } = startLink();
    actor.send({ type: 'link.remove' });
    expect(actor.getSnapshot().value).toBe('unlinkingProvider');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(unlink.last().input).toEqual({ provider: 'Google' });
    unlink.last().resolve();
    await settle();
    expect(actor.getSnapshot().output).toEqual({ status: 'unlinked', provider: 'Google' });
  });

  it('shows a failed unlink and retries the unlink on flow.retry', async () => {
    const { actor, unlink } = startLink();
    actor.send({ type: 'link.remove' });
    unlink.last().reject(apiFailure('internal_error', { status: 500 }));
    await settle();
    expect(actor.getSnapshot().value).toEqual({ choosingAction: 'unlinkFailed' });
    actor.send({ type: 'flow.retry' });
    expect(actor.getSnapshot().value).toBe('unlinkingProvider');
    expect(unlink.calls).toHaveLength(2);
  });

  it('aborts the unlink request when cancelled', () => {
    const { actor, unlink } = startLink();
    actor.send({ type: 'link.remove' });
    actor.send({ type: 'flow.cancel' });
    expect(unlink.last().signal.aborted).toBe(true);
    expect(actor.getSnapshot().output).toEqual({ status: 'cancelled' });
  });

  it('shows a configuration error when used without its actors', async () => {
    const actor = createActor(externalUserLinkMachine, { input: {} }).start();
    actor.send({ type: 'link.remove' });
    await settle();
    expect(actor.getSnapshot().value).toEqual({ choosingAction: 'unlinkFailed' });
    expect(actor.getSnapshot().context.error?.code).toBe('configuration');
  });
});
