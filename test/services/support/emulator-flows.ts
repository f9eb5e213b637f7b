import { generateSync } from 'otplib';
import { SimulatedClock, waitFor, type AnyActorRef } from 'xstate';
import { createSaasUserApi } from '../../../src/api/client.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { createSaasusFlows } from '../../../src/services/index.js';
import type { ConfirmSignUp, UserSession } from '../../../src/services/index.js';

/** Emulator time at the start of every test (epoch ms). */
export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

/**
 * The flows over an in-process emulator, with the app's pieces a test needs: the session the
 * confirm step and sign-in set, a machine clock that follows the emulator's, and every secret
 * value seen (to search persisted snapshots for).
 */
export function createEmulatorFlows() {
  const emulator = createEmulator({ now: () => T0 });
  const now = (): number => emulator.control.clock.now();
  const api = createSaasUserApi({ baseURL: 'http://emulator.test', ...emulator.credentials, fetch: emulator.fetch, now: () => new Date(now()) });
  const clock = new SimulatedClock();
  clock.set(T0);
  const secrets = new Set<string>([emulator.credentials.secretKey]);
  let session: UserSession | undefined;

  const remember = <T extends string>(secret: T): T => {
    secrets.add(secret);
    return secret;
  };

  const signInWithCode = (code: string): UserSession => {
    const credentials = emulator.control.exchangeCode(code);
    const user = emulator.control.userInfo(credentials.access_token);
    session = { userId: user.id, accessToken: remember(credentials.access_token) };
    return session;
  };

  const confirmSignUp: ConfirmSignUp = async ({ email, confirmation }) => {
    if (confirmation.method === 'callbackCode') return { userId: signInWithCode(confirmation.code).userId };
    const first = emulator.control.signIn({ email, password: confirmation.temporaryPassword });
    if (first.kind !== 'NEW_PASSWORD_REQUIRED') throw new Error(`unexpected sign-in step ${first.kind}`);
    const done = emulator.control.respondToChallenge({ session: first.session, newPassword: confirmation.newPassword });
    if (done.kind !== 'signedIn') throw new Error(`unexpected sign-in step ${done.kind}`);
    return { userId: signInWithCode(done.code).userId };
  };

  const flows = createSaasusFlows(api, {
    now,
    confirmSignUp,
    session: () => {
      if (!session) throw new Error('nobody is signed in');
      return session;
    },
  });

  return {
    emulator,
    api,
    flows,
    clock,
    secrets,
    remember,
    /** Moves the emulator's and the machines' time together. */
    advance(ms: number): void {
      emulator.control.clock.advance(ms);
      clock.increment(ms);
    },
    /** The newest temporary password mailed to `email`. */
    temporaryPassword(email: string): string {
      return remember(emulator.control.latestMessage(email)?.temporaryPassword ?? 'no temporary password');
    },
    /** The newest code mailed to `email`. */
    code(email: string): string {
      return remember(emulator.control.latestMessage(email)?.code ?? 'no code');
    },
    /** The current authenticator code for `secret`. */
    totp(secret: string): string {
      return remember(generateSync({ secret, epoch: Math.floor(now() / 1000) }));
    },
    /** A confirmed user, signed in as the session. */
    async signUpUser(email: string): Promise<UserSession> {
      await api.signUp({ email });
      await confirmSignUp(
        { email, confirmation: { method: 'newPassword', temporaryPassword: this.temporaryPassword(email), newPassword: remember('Signed-In#Pw1') } },
        { signal: new AbortController().signal },
      );
      if (!session) throw new Error('sign-in failed');
      return session;
    },
  };
}

/** Waits until no request is in flight. */
export async function settled(actor: AnyActorRef): Promise<void> {
  await waitFor(actor, (snapshot: { hasTag(tag: string): boolean }) => !snapshot.hasTag('busy'), { timeout: 5_000 });
}
