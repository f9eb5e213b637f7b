import { describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/client.js';
import { createEmulator } from '../../src/emulator/index.js';
import { createAuthenticator, createInbox, emulatorSession, emulatorSignIn, latestCode, latestTemporaryPassword } from '../../src/testing/index.js';

function world() {
  const emulator = createEmulator();
  const api = createSaasUserApi({ baseURL: 'http://emulator.test', ...emulator.credentials, fetch: emulator.fetch });
  return { emulator, api, inbox: createInbox(emulator) };
}

describe('createInbox', () => {
  it('reads the temporary password mailed at sign-up, and the newer one after a resend', async () => {
    const { emulator, api, inbox } = world();
    await api.signUp({ email: 'Ann@Example.com' });
    const first = inbox.temporaryPassword('ann@example.com');
    expect(first).toBe(emulator.control.latestMessage('Ann@Example.com', 'signUp')?.temporaryPassword);
    emulator.control.clock.advance(61_000);
    await api.resendSignUpConfirmationEmail({ email: 'Ann@Example.com' });
    expect(inbox.messages('ann@example.com').map((m) => m.template)).toEqual(['signUp', 'resendCode']);
    expect(latestTemporaryPassword(emulator, 'ann@example.com')).toBe(inbox.latest('ann@example.com')?.temporaryPassword);
  });

  it('reads the verification code mailed to the new address of an e-mail change', async () => {
    const { emulator, api, inbox } = world();
    await api.signUp({ email: 'bob@example.com' });
    const session = emulatorSession(emulator, { email: 'bob@example.com', newPassword: 'N3w-password' });
    await api.requestEmailUpdate(session.userId, { email: 'bob@new.example', access_token: session.accessToken });
    expect(inbox.code('bob@new.example')).toMatch(/^\d{6}$/);
    expect(latestCode(emulator, 'bob@new.example', 'updateUserAttribute')).toBe(inbox.code('bob@new.example'));
  });

  it('throws when nothing of the kind was mailed to the address', () => {
    const { inbox } = world();
    expect(() => inbox.code('nobody@example.com')).toThrow(/no code was mailed to nobody@example.com/);
    expect(inbox.latest('nobody@example.com')).toBeUndefined();
  });
});

describe('emulatorSignIn / emulatorSession', () => {
  it('confirms a new user with the mailed temporary password and a new password, yielding a working session', async () => {
    const { emulator, api } = world();
    const user = await api.signUp({ email: 'cy@example.com' });
    const session = emulatorSession(emulator, { email: 'cy@example.com', newPassword: 'N3w-password' });
    expect(session.userId).toBe(user.id);
    expect((await api.getSaasUser(user.id)).email).toBe('cy@example.com');
    expect(emulatorSignIn(emulator, { email: 'cy@example.com', password: 'N3w-password' }).userId).toBe(user.id);
  });

  it('asks for a new password it was not given', async () => {
    const { emulator, api } = world();
    await api.signUp({ email: 'di@example.com' });
    expect(() => emulatorSignIn(emulator, { email: 'di@example.com' })).toThrow(/newPassword/);
  });

  it('answers the TOTP challenge with the virtual authenticator once MFA is on', async () => {
    const { emulator, api } = world();
    await api.signUp({ email: 'eve@example.com' });
    const session = emulatorSession(emulator, { email: 'eve@example.com', newPassword: 'N3w-password' });
    const app = createAuthenticator({ now: () => emulator.control.clock.now() });
    const { secret_code: secret } = await api.createSecretCode(session.userId, { access_token: session.accessToken });
    await api.updateSoftwareToken(session.userId, { access_token: session.accessToken, verification_code: app.code(secret) });
    await api.updateUserMfaPreference(session.userId, { enabled: true, method: 'softwareToken' });
    expect(() => emulatorSignIn(emulator, { email: 'eve@example.com', password: 'N3w-password' })).toThrow(/totpCode/);
    expect(() => emulatorSignIn(emulator, { email: 'eve@example.com', password: 'N3w-password', totpCode: () => app.wrongCode(secret) })).toThrow();
    const signedIn = emulatorSignIn(emulator, { email: 'eve@example.com', password: 'N3w-password', totpCode: () => app.code(secret) });
    expect(signedIn.userId).toBe(session.userId);
  });
});
