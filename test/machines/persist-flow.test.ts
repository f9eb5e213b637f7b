import { describe, expect, it } from 'vitest';
import type { AnyActorRef, Snapshot } from 'xstate';
import { persistFlow } from '../../src/machines/index.js';
import { settle } from './support/controlled-actor.js';
import { startEmailUpdate, startLink, startMarketplace, startMfa, startSignUp, T0 } from './support/harness.js';

const TEMPORARY_PASSWORD = 'Tmp#Pass-4711';
const NEW_PASSWORD = 'N3w#Pass-0815';
const CODE = '482913';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DP';

/** What `localStorage` would keep: the JSON text. */
function stored(actor: AnyActorRef): { json: string; snapshot: Snapshot<unknown> } {
  const json = JSON.stringify(persistFlow(actor));
  return { json, snapshot: JSON.parse(json) as Snapshot<unknown> };
}

describe('persistFlow', () => {
  it('saves a settled state exactly as getPersistedSnapshot does', async () => {
    const flow = startEmailUpdate();
    flow.actor.send({ type: 'email.submit', email: 'new@example.com' });
    flow.request.last().resolve({ sentAt: T0 });
    await settle();
    expect(persistFlow(flow.actor)).toEqual(flow.actor.getPersistedSnapshot());
  });

  it('saves a confirmation in flight as awaitingConfirmation, without the passwords the raw snapshot holds', async () => {
    const flow = startSignUp();
    flow.actor.send({ type: 'email.submit', email: 'ann@example.com' });
    flow.signUp.last().resolve({ userId: 'u1', sentAt: T0 });
    await settle();
    flow.actor.send({
      type: 'confirmation.submit',
      confirmation: { method: 'newPassword', temporaryPassword: TEMPORARY_PASSWORD, newPassword: NEW_PASSWORD },
    });
    // The pitfall persistFlow exists for: XState keeps a running actor's input in the snapshot.
    expect(JSON.stringify(flow.actor.getPersistedSnapshot())).toContain(TEMPORARY_PASSWORD);

    const { json, snapshot } = stored(flow.actor);
    expect(json).not.toContain(TEMPORARY_PASSWORD);
    expect(json).not.toContain(NEW_PASSWORD);
    const restored = startSignUp(undefined, snapshot);
    expect(restored.actor.getSnapshot().value).toEqual({ awaitingConfirmation: { resend: 'coolingDown', feedback: 'idle' } });
    expect(restored.actor.getSnapshot().context).toMatchObject({ userId: 'u1', email: 'ann@example.com', resendAvailableAt: T0 + 60_000 });
    await settle();
    expect(restored.confirm.calls).toHaveLength(0);
    restored.actor.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'cb' } });
    restored.confirm.last().resolve({ userId: 'u1' });
    await settle();
    expect(restored.actor.getSnapshot().output).toEqual({ status: 'confirmed', userId: 'u1', email: 'ann@example.com' });
  });

  it('saves a sign-up in flight as enteringEmail with the address, sending nothing on restore', async () => {
    const flow = startSignUp();
    flow.actor.send({ type: 'email.submit', email: 'ann@example.com' });
    const restored = startSignUp(undefined, stored(flow.actor).snapshot);
    await settle();
    expect(restored.actor.getSnapshot().value).toEqual({ enteringEmail: 'editing' });
    expect(restored.actor.getSnapshot().context.email).toBe('ann@example.com');
    expect(restored.signUp.calls).toHaveLength(0);
  });

  it('saves an e-mail code check in flight as enteringCode without the code', async () => {
    const flow = startEmailUpdate();
    flow.actor.send({ type: 'email.submit', email: 'new@example.com' });
    flow.request.last().resolve({ sentAt: T0 });
    await settle();
    flow.actor.send({ type: 'code.submit', code: CODE });
    const { json, snapshot } = stored(flow.actor);
    expect(json).not.toContain(CODE);
    const restored = startEmailUpdate(snapshot);
    await settle();
    expect(restored.actor.getSnapshot().matches({ enteringCode: { feedback: 'idle' } })).toBe(true);
    expect(restored.confirm.calls).toHaveLength(0);
    restored.actor.send({ type: 'code.submit', code: CODE });
    restored.confirm.last().resolve();
    await settle();
    expect(restored.actor.getSnapshot().output).toEqual({ status: 'updated', email: 'new@example.com' });
  });

  it('saves a resend in flight as code entry, and a queued resend not at all', async () => {
    const flow = startEmailUpdate();
    flow.actor.send({ type: 'email.submit', email: 'new@example.com' });
    flow.request.last().resolve({ sentAt: T0 });
    await settle();
    flow.actor.send({ type: 'code.resend' });
    expect(flow.actor.getSnapshot().context.resendQueued).toBe(true);
    expect(stored(flow.actor).snapshot).toMatchObject({ context: { resendQueued: false } });
    flow.clock.increment(60_000);
    expect(flow.actor.getSnapshot().value).toBe('resending');
    const restored = startEmailUpdate(stored(flow.actor).snapshot);
    await settle();
    expect(restored.actor.getSnapshot().matches('enteringCode')).toBe(true);
    expect(restored.request.calls).toHaveLength(0);
  });

  it('re-arms the cooldown of a restored code entry on code.resend and sends once it is over', async () => {
    const flow = startEmailUpdate();
    flow.actor.send({ type: 'email.submit', email: 'new@example.com' });
    flow.request.last().resolve({ sentAt: T0 });
    await settle();
    const restored = startEmailUpdate(stored(flow.actor).snapshot);
    restored.clock.increment(60_000);
    expect(restored.actor.getSnapshot().matches({ enteringCode: { resend: 'coolingDown' } })).toBe(true);
    restored.actor.send({ type: 'code.resend' });
    restored.clock.increment(0);
    expect(restored.actor.getSnapshot().value).toBe('resending');
    expect(restored.request.calls).toHaveLength(1);
  });

  it('saves link confirmation and unlinking in flight as the step they came from', async () => {
    const linking = startLink();
    linking.actor.send({ type: 'link.start' });
    linking.request.last().resolve({ sentAt: T0 });
    await settle();
    linking.actor.send({ type: 'code.submit', code: CODE });
    const { json, snapshot } = stored(linking.actor);
    expect(json).not.toContain(CODE);
    expect(startLink(snapshot).actor.getSnapshot().matches('enteringCode')).toBe(true);

    const unlinking = startLink();
    unlinking.actor.send({ type: 'link.remove' });
    const restored = startLink(stored(unlinking.actor).snapshot);
    await settle();
    expect(restored.actor.getSnapshot().value).toEqual({ choosingAction: 'idle' });
    expect(restored.unlink.calls).toHaveLength(0);
  });

  it('never saves the TOTP secret: a restored enrollment asks for a new one', async () => {
    const flow = startMfa();
    flow.preference.last().resolve({ enabled: false });
    await settle();
    flow.actor.send({ type: 'enrollment.start' });
    flow.secret.last().resolve({ secret_code: TOTP_SECRET });
    await settle();
    expect(flow.actor.getSnapshot().context.secret).toBe(TOTP_SECRET);
    const { json, snapshot } = stored(flow.actor);
    expect(json).not.toContain(TOTP_SECRET);
    const restored = startMfa(snapshot);
    expect(restored.actor.getSnapshot().value).toBe('creatingSecretCode');
    expect(restored.secret.calls).toHaveLength(1);
    expect(restored.preference.calls).toHaveLength(0);
    restored.secret.last().resolve({ secret_code: 'NEWSECRETNEWSECRET' });
    await settle();
    expect(restored.actor.getSnapshot().context.secret).toBe('NEWSECRETNEWSECRET');
  });

  it('saves an authenticator code check in flight as enteringCode without the code', async () => {
    const flow = startMfa();
    flow.preference.last().resolve({ enabled: false });
    await settle();
    flow.actor.send({ type: 'enrollment.start' });
    flow.secret.last().resolve({ secret_code: TOTP_SECRET });
    await settle();
    flow.actor.send({ type: 'code.submit', code: CODE });
    const { json, snapshot } = stored(flow.actor);
    expect(json).not.toContain(CODE);
    expect(json).not.toContain(TOTP_SECRET);
    const restored = startMfa(snapshot);
    await settle();
    expect(restored.actor.getSnapshot().value).toEqual({ enteringCode: 'idle' });
    expect(restored.token.calls).toHaveLength(0);
  });

  it('restores a preference read in flight by reading again (a read has no side effect)', async () => {
    const flow = startMfa();
    const restored = startMfa(stored(flow.actor).snapshot);
    expect(restored.actor.getSnapshot().value).toBe('loadingPreference');
    expect(restored.preference.calls).toHaveLength(1);
  });

  it('saves Marketplace tenant creation and linking in flight as the step they came from', async () => {
    const creating = startMarketplace();
    creating.actor.send({ type: 'email.submit', email: 'ann@example.com' });
    creating.signUp.last().resolve({ userId: 'u1', sentAt: T0 });
    await settle();
    creating.actor.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'cb' } });
    creating.confirm.last().resolve({ userId: 'u1' });
    await settle();
    creating.actor.send({ type: 'tenant.submit', name: 'Acme' });
    const restoredCreation = startMarketplace({}, stored(creating.actor).snapshot);
    await settle();
    expect(restoredCreation.actor.getSnapshot().value).toEqual({ enteringTenantName: 'editing' });
    expect(restoredCreation.actor.getSnapshot().context.tenantName).toBe('Acme');
    expect(restoredCreation.create.calls).toHaveLength(0);

    const linking = startMarketplace({ tenants: [{ id: 't1', name: 'Acme' }] });
    linking.actor.send({ type: 'tenant.choose', tenantId: 't1' });
    const restoredLink = startMarketplace({ tenants: [{ id: 't1', name: 'Acme' }] }, stored(linking.actor).snapshot);
    await settle();
    expect(restoredLink.actor.getSnapshot().value).toEqual({ choosingTenant: 'editing' });
    expect(restoredLink.link.calls).toHaveLength(0);
  });
});
