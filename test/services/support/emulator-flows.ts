import { waitFor, type AnyActorRef } from 'xstate';
import { createSaasusFlows } from '../../../src/services/index.js';
import type { UserSession } from '../../../src/services/index.js';
import { createEmulatorWorld, emulatorConfirmSignUp } from '../../../src/testing/index.js';

/**
 * The flows over the test kit's emulator world, plus every secret value seen (to search
 * persisted snapshots for): the mailed passwords and codes, authenticator codes and the
 * session's access token.
 */
export function createEmulatorFlows() {
  const world = createEmulatorWorld();
  const secrets = new Set<string>([world.emulator.credentials.secretKey]);

  const remember = <T extends string>(secret: T): T => {
    secrets.add(secret);
    return secret;
  };

  const flows = createSaasusFlows(world.api, {
    ...world.flowOptions,
    confirmSignUp: emulatorConfirmSignUp(world.emulator, {
      api: world.api,
      onSession: (session) => void (world.session = { ...session, accessToken: remember(session.accessToken) }),
    }),
  });

  return {
    emulator: world.emulator,
    api: world.api,
    flows,
    /** Pass as the actor's clock: the machines' delays and the emulator share one time line. */
    clock: world.clock,
    secrets,
    remember,
    /** Moves the emulator's and the machines' time together. */
    advance(ms: number): void {
      world.clock.advance(ms);
    },
    /** The newest temporary password mailed to `email`. */
    temporaryPassword(email: string): string {
      return remember(world.inbox.temporaryPassword(email));
    },
    /** The newest code mailed to `email`. */
    code(email: string): string {
      return remember(world.inbox.code(email));
    },
    /** The current authenticator code for `secret`. */
    totp(secret: string): string {
      return remember(world.authenticator.code(secret));
    },
    /** A confirmed user, signed in as the session. */
    async signUpUser(email: string): Promise<UserSession> {
      const session = await world.signUpUser(email, remember('Signed-In#Pw1'));
      remember(world.inbox.temporaryPassword(email));
      return { userId: session.userId, accessToken: remember(session.accessToken) };
    },
  };
}

/** Waits until no request is in flight. */
export async function settled(actor: AnyActorRef): Promise<void> {
  await waitFor(actor, (snapshot: { hasTag(tag: string): boolean }) => !snapshot.hasTag('busy'), { timeout: 5_000 });
}
