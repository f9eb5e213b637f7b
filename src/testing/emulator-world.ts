import { createSaasUserApi } from '../api/client.js';
import type { SaasUserApiClient } from '../api/client.js';
import { createEmulator } from '../emulator/index.js';
import type { Emulator, EmulatorOptions } from '../emulator/index.js';
import type { AllFlowsOptions } from '../services/flow.types.js';
import { createAuthenticator } from './authenticator.js';
import type { VirtualAuthenticator } from './authenticator.js';
import { createInbox } from './emulator-inbox.js';
import type { EmulatorInbox } from './emulator-inbox.js';
import { emulatorConfirmSignUp, emulatorSession } from './emulator-sign-in.js';
import type { EmulatorSession, EmulatorSignInOptions } from './emulator-sign-in.js';
import { createFlowClock } from './flow-clock.js';
import type { FlowClock } from './flow-clock.js';

/** Everything a flow needs to run end to end in-process: emulator, client, clock, mail, phone. */
export interface EmulatorWorld {
  emulator: Emulator;
  /** The signing client over the emulator's in-process fetch (no socket). */
  api: SaasUserApiClient;
  /** How often the client retries a failed read. */
  retryLimit: number;
  /** Pass as `createActor(machine, { clock })`: delays fire when the test moves time. */
  clock: FlowClock;
  inbox: EmulatorInbox;
  /** An authenticator app on the emulator's clock. */
  authenticator: VirtualAuthenticator;
  /** The signed-in user, set by {@link EmulatorWorld.signIn} or a confirmed sign-up. */
  session: EmulatorSession | undefined;
  /** The options for `createSaasusFlows(world.api, world.flowOptions)`: session, confirmSignUp, clock. */
  flowOptions: AllFlowsOptions;
  /** Signs a user in on the hosted login and makes them the session (renewed when its token expires). */
  signIn(options: EmulatorSignInOptions): EmulatorSession;
  /** Creates a confirmed user (sign-up, temporary password, new password) and signs them in. */
  signUpUser(email: string, password?: string): Promise<EmulatorSession>;
}

/** Options of {@link createEmulatorWorld}. */
export interface EmulatorWorldOptions {
  emulator?: EmulatorOptions;
  /** Base URL the client signs requests for; any URL, nothing is listening. */
  baseURL?: string;
  /** The client's automatic retries of reads (without waiting between them); 2 by default. */
  retryLimit?: number;
}

/**
 * A fresh emulator with a client, a shared clock, an inbox and an authenticator, wired the way
 * the flows need them.
 *
 * @example
 * const world = createEmulatorWorld();
 * const flows = createSaasusFlows(world.api, world.flowOptions);
 * const actor = createActor(flows.signUpMachine, { clock: world.clock }).start();
 */
export function createEmulatorWorld(options: EmulatorWorldOptions = {}): EmulatorWorld {
  const emulator = createEmulator(options.emulator);
  const retryLimit = options.retryLimit ?? 2;
  const retry = { limit: retryLimit, sleep: (_ms: number, signal?: AbortSignal) => (signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve()) };
  const api = createSaasUserApi({ baseURL: options.baseURL ?? 'http://emulator.test', ...emulator.credentials, fetch: emulator.fetch, retry });
  const clock = createFlowClock(emulator.control.clock);
  const authenticator = createAuthenticator({ now: clock.now });
  let password: { email: string; password: string } | undefined;
  // The session's ID token lives as long as its access token; `/userinfo` takes the ID token.
  const isLive = (idToken: string): boolean => {
    try {
      emulator.control.userInfo(idToken);
      return true;
    } catch {
      return false;
    }
  };
  // Like an app refreshing an expired token: sign in again, answering MFA with the phone.
  const totpFor = (userId: string) => () => authenticator.code(emulator.control.exportState().users[userId]?.softwareToken?.secret ?? '');
  const world: EmulatorWorld = {
    emulator,
    api,
    retryLimit,
    clock,
    inbox: createInbox(emulator),
    authenticator,
    session: undefined,
    flowOptions: {
      now: clock.now,
      session: () => {
        if (world.session === undefined) throw new Error('no one is signed in on the emulator');
        if (password !== undefined && !isLive(world.session.credentials.id_token)) {
          world.session = emulatorSession(emulator, { ...password, totpCode: totpFor(world.session.userId) });
        }
        return { userId: world.session.userId, accessToken: world.session.accessToken, idToken: world.session.credentials.id_token };
      },
      confirmSignUp: emulatorConfirmSignUp(emulator, { api, onSession: (session) => void (world.session = session) }),
    },
    signIn(signInOptions) {
      world.session = emulatorSession(emulator, signInOptions);
      const current = signInOptions.newPassword ?? signInOptions.password;
      password = current === undefined ? undefined : { email: signInOptions.email, password: current };
      return world.session;
    },
    async signUpUser(email, password = 'Passw0rd-1') {
      await api.signUp({ email });
      return world.signIn({ email, newPassword: password });
    },
  };
  return world;
}
