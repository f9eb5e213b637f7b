import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { mfaSetupMachine } from '../../src/machines/index.js';
import { apiFailure, networkFailure, settle } from './support/controlled-actor.js';
import { startMfa } from './support/harness.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

type MfaFlow = ReturnType<typeof startMfa>;

async function toShowingSecret(flow: MfaFlow) {
  flow.preference.last().resolve({ enabled: false });
  await settle();
  flow.actor.send({ type: 'enrollment.start' });
  flow.secret.last().resolve({ secret_code: SECRET });
  await settle();
}

describe('mfaSetupMachine', () => {
  it('loads the preference with the busy tag', () => {
    const { actor, preference } = startMfa();
    expect(actor.getSnapshot().value).toBe('loadingPreference');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(preference.calls).toHaveLength(1);
  });

  it('creates no secret on load: with MFA off it offers enrollment and waits for enrollment.start', async () => {
    const flow = startMfa();
    flow.preference.last().resolve({ enabled: false });
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('offeringEnrollment');
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(false);
    expect(flow.secret.calls).toHaveLength(0);
    flow.actor.send({ type: 'enrollment.start' });
    expect(flow.secret.calls).toHaveLength(1);
  });

  it('registers another authenticator app while MFA stays on (enrollment.start from offeringDisable)', async () => {
    const flow = startMfa();
    flow.preference.last().resolve({ enabled: true, method: 'softwareToken' });
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('offeringDisable');
    expect(flow.secret.calls).toHaveLength(0);
    flow.actor.send({ type: 'enrollment.start' });
    expect(flow.actor.getSnapshot().value).toBe('creatingSecretCode');
    flow.secret.last().resolve({ secret_code: SECRET });
    await settle();
    expect(flow.actor.getSnapshot().value).toEqual({ showingSecret: 'idle' });
  });

  it('creates a secret on enrollment.start and shows it with the account name', async () => {
    const flow = startMfa();
    flow.preference.last().resolve({ enabled: false });
    await settle();
    flow.actor.send({ type: 'enrollment.start' });
    expect(flow.actor.getSnapshot().value).toBe('creatingSecretCode');
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(true);
    flow.secret.last().resolve({ secret_code: SECRET });
    await settle();
    expect(flow.actor.getSnapshot().value).toEqual({ showingSecret: 'idle' });
    expect(flow.actor.getSnapshot().context).toMatchObject({ secret: SECRET, accountName: 'ann@example.com' });
  });

  it('registers the app, enables MFA, clears the secret and outputs enabled', async () => {
    const flow = startMfa();
    await toShowingSecret(flow);
    flow.actor.send({ type: 'code.submit', code: '123456' });
    expect(flow.actor.getSnapshot().value).toBe('updatingSoftwareToken');
    expect(flow.actor.getSnapshot().context.secret).toBeUndefined();
    expect(flow.token.last().input).toEqual({ code: '123456' });
    flow.actor.send({ type: 'code.submit', code: '123456' });
    expect(flow.token.calls).toHaveLength(1);
    flow.token.last().resolve();
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('enablingMfa');
    expect(flow.update.last().input).toEqual({ enabled: true, method: 'softwareToken' });
    flow.update.last().resolve();
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'enabled', method: 'softwareToken' });
  });

  it('keeps code entry (without the secret) after a wrong code, with the attempts left', async () => {
    const flow = startMfa();
    await toShowingSecret(flow);
    flow.actor.send({ type: 'code.submit', code: '000000' });
    flow.token.last().reject(apiFailure('code_mismatch', { data: { attempts_left: 4 } }));
    await settle();
    expect(flow.actor.getSnapshot().value).toEqual({ enteringCode: 'failed' });
    expect(flow.actor.getSnapshot().hasTag('error')).toBe(true);
    expect(flow.actor.getSnapshot().context).toMatchObject({ secret: undefined, error: { code: 'code_mismatch', attemptsLeft: 4 } });
    flow.actor.send({ type: 'code.submit', code: '123456' });
    expect(flow.token.calls).toHaveLength(2);
  });

  it('asks for a restart once the pending secret is dead', async () => {
    const flow = startMfa();
    await toShowingSecret(flow);
    flow.actor.send({ type: 'code.submit', code: '000000' });
    flow.token.last().reject(apiFailure('too_many_attempts'));
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('enrollmentFailed');
    flow.actor.send({ type: 'flow.retry' });
    expect(flow.actor.getSnapshot().value).toBe('enrollmentFailed');
    flow.actor.send({ type: 'enrollment.restart' });
    expect(flow.actor.getSnapshot().value).toBe('creatingSecretCode');
    expect(flow.secret.calls).toHaveLength(2);
  });

  it('gets a new secret on enrollment.restart while showing one', async () => {
    const flow = startMfa();
    await toShowingSecret(flow);
    flow.actor.send({ type: 'enrollment.restart' });
    expect(flow.actor.getSnapshot().value).toBe('creatingSecretCode');
    expect(flow.actor.getSnapshot().context.secret).toBeUndefined();
    flow.secret.last().resolve({ secret_code: 'NEWSECRETNEWSECR' });
    await settle();
    expect(flow.actor.getSnapshot().context.secret).toBe('NEWSECRETNEWSECR');
  });

  it('hides the secret on secret.hide and asks for the code without it', async () => {
    const flow = startMfa();
    await toShowingSecret(flow);
    flow.actor.send({ type: 'secret.hide' });
    expect(flow.actor.getSnapshot().value).toEqual({ enteringCode: 'idle' });
    expect(flow.actor.getSnapshot().context.secret).toBeUndefined();
    expect(flow.actor.getSnapshot().tags.size).toBe(0);
    flow.actor.send({ type: 'code.submit', code: '123456' });
    expect(flow.token.last().input).toEqual({ code: '123456' });
  });

  it('refuses an empty code while showing the secret and keeps the secret', async () => {
    const flow = startMfa();
    await toShowingSecret(flow);
    flow.actor.send({ type: 'code.submit', code: ' ' });
    expect(flow.actor.getSnapshot().value).toEqual({ showingSecret: 'failed' });
    expect(flow.actor.getSnapshot().context.secret).toBe(SECRET);
    expect(flow.token.calls).toHaveLength(0);
  });

  it('offers disabling when MFA is on and outputs disabled', async () => {
    const flow = startMfa();
    flow.preference.last().resolve({ enabled: true, method: 'softwareToken' });
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('offeringDisable');
    flow.actor.send({ type: 'mfa.disable' });
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(flow.update.last().input).toEqual({ enabled: false, method: 'softwareToken' });
    flow.update.last().resolve();
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'disabled' });
  });

  it('retries loading the preference after a retryable failure', async () => {
    const flow = startMfa();
    flow.preference.last().reject(networkFailure());
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('loadingFailed');
    expect(flow.actor.getSnapshot().hasTag('error')).toBe(true);
    flow.actor.send({ type: 'flow.retry' });
    expect(flow.actor.getSnapshot().value).toBe('loadingPreference');
    expect(flow.preference.calls).toHaveLength(2);
  });

  it('reads the preference again on flow.retry even after a failure that is not retryable', async () => {
    const flow = startMfa();
    flow.preference.last().reject(apiFailure('permission_denied', { status: 403 }));
    await settle();
    expect(flow.actor.getSnapshot().context.error?.retryable).toBe(false);
    flow.actor.send({ type: 'flow.retry' });
    expect(flow.actor.getSnapshot().value).toBe('loadingPreference');
  });

  it('retries enabling and disabling after retryable failures', async () => {
    const flow = startMfa();
    await toShowingSecret(flow);
    flow.actor.send({ type: 'code.submit', code: '123456' });
    flow.token.last().resolve();
    await settle();
    flow.update.last().reject(networkFailure());
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('enableFailed');
    flow.actor.send({ type: 'flow.retry' });
    expect(flow.actor.getSnapshot().value).toBe('enablingMfa');

    const off = startMfa();
    off.preference.last().resolve({ enabled: true, method: 'softwareToken' });
    await settle();
    off.actor.send({ type: 'mfa.disable' });
    off.update.last().reject(apiFailure('internal_error', { status: 500 }));
    await settle();
    expect(off.actor.getSnapshot().value).toBe('disableFailed');
    off.actor.send({ type: 'flow.retry' });
    expect(off.actor.getSnapshot().value).toBe('disablingMfa');
  });

  it('clears the secret when cancelled while showing it', async () => {
    const flow = startMfa();
    await toShowingSecret(flow);
    flow.actor.send({ type: 'flow.cancel' });
    expect(flow.actor.getSnapshot().context.secret).toBeUndefined();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'cancelled' });
  });

  it('aborts the verification in flight when cancelled', async () => {
    const flow = startMfa();
    await toShowingSecret(flow);
    flow.actor.send({ type: 'code.submit', code: '123456' });
    flow.actor.send({ type: 'flow.cancel' });
    expect(flow.token.last().signal.aborted).toBe(true);
  });

  it('shows a configuration error when used without its actors', async () => {
    const actor = createActor(mfaSetupMachine, { input: {} }).start();
    await settle();
    expect(actor.getSnapshot().value).toBe('loadingFailed');
    expect(actor.getSnapshot().context.error?.code).toBe('configuration');
  });
});
