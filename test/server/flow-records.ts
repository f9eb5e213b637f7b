import { createActor, fromPromise, type AnyActorRef } from 'xstate';
import { emailUpdateMachine, mfaSetupMachine, persistFlow, signUpMachine } from '../../src/machines/index.js';
import type { FlowRecordInput, PersistedFlow } from '../../src/server/index.js';

/**
 * The secrets the flows below are given: what a store must never hold. Random per run, so a
 * match in stored bytes can only come from this run.
 */
export function runSecrets() {
  const random = () => crypto.randomUUID().replaceAll('-', '').slice(0, 12);
  return {
    temporaryPassword: `Tmp#${random()}`,
    newPassword: `N3w#${random()}`,
    emailCode: String(100000 + Math.floor(Math.random() * 900000)),
    mfaCode: String(100000 + Math.floor(Math.random() * 900000)),
    totpSecret: `JBSWY3DP${random().toUpperCase().replace(/[^A-Z2-7]/g, 'Q')}`,
    accessToken: `eyJhbGciOiJIUzI1NiJ9.${random()}.${random()}`,
  };
}

/** The secrets of one run, by kind. */
export type RunSecrets = ReturnType<typeof runSecrets>;

/** Snapshots of real flows taken with a request in flight that carries a secret. */
export interface FlowSnapshots {
  /** `persistFlow` output: what a server saves. */
  persisted: PersistedFlow[];
  /** `getPersistedSnapshot()` of the sign-up with the passwords in flight: what must NOT be saved. */
  rawWithPasswords: PersistedFlow;
}

const never = <T>() => new Promise<T>(() => {});
/** Lets resolved promises reach the actors (promise actors report on a later tick). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** The session a server would hold: the access token reaches the actors, never the machine. */
function session(secrets: RunSecrets) {
  return {
    accessToken(): string {
      return secrets.accessToken;
    },
  };
}

/**
 * Drives the real sign-up, e-mail update and MFA machines to the states where their requests
 * carry the run's passwords, codes and TOTP secret, and takes their snapshots.
 */
export async function flowSnapshots(secrets: RunSecrets): Promise<FlowSnapshots> {
  const user = session(secrets);
  const now = Date.now();
  const actors: AnyActorRef[] = [];

  const signUp = createActor(
    signUpMachine.provide({
      actors: {
        signUp: fromPromise(async () => ({ userId: 'user-1', sentAt: now })),
        resendSignUpConfirmationEmail: fromPromise(async () => ({ sentAt: now })),
        confirmSignUp: fromPromise(() => never<{ userId: string }>()),
      },
    }),
    { input: { resendCooldownMs: 60_000, codeTtlMs: 3_600_000 } },
  ).start();
  actors.push(signUp);
  signUp.send({ type: 'email.submit', email: 'ann@example.com' });
  await settle();
  signUp.send({
    type: 'confirmation.submit',
    confirmation: { method: 'newPassword', temporaryPassword: secrets.temporaryPassword, newPassword: secrets.newPassword },
  });

  const emailUpdate = createActor(
    emailUpdateMachine.provide({
      actors: {
        requestEmailUpdate: fromPromise(async () => {
          if (!user.accessToken()) throw new Error('no session');
          return { sentAt: now };
        }),
        confirmEmailUpdate: fromPromise(() => never<void>()),
      },
    }),
    { input: {} },
  ).start();
  actors.push(emailUpdate);
  emailUpdate.send({ type: 'email.submit', email: 'new@example.com' });
  await settle();
  emailUpdate.send({ type: 'code.submit', code: secrets.emailCode });

  const mfa = createActor(
    mfaSetupMachine.provide({
      actors: {
        getUserMfaPreference: fromPromise(async (): Promise<{ enabled: boolean }> => ({ enabled: false })),
        createSecretCode: fromPromise(async () => ({ secret_code: secrets.totpSecret })),
        updateSoftwareToken: fromPromise(() => never<void>()),
        updateUserMfaPreference: fromPromise(() => never<void>()),
      },
    }),
    { input: { accountName: 'ann@example.com' } },
  ).start();
  actors.push(mfa);
  await settle();
  const showingSecret = persistFlow(mfa);
  mfa.send({ type: 'code.submit', code: secrets.mfaCode });

  // JSON round trip: what arrives at a store is plain data.
  const plain = (snapshot: unknown) => JSON.parse(JSON.stringify(snapshot)) as PersistedFlow;
  const result: FlowSnapshots = {
    persisted: [plain(persistFlow(signUp)), plain(persistFlow(emailUpdate)), plain(showingSecret), plain(persistFlow(mfa))],
    rawWithPasswords: plain(signUp.getPersistedSnapshot()),
  };
  for (const actor of actors) actor.stop();
  return result;
}

/** A record for `owner` holding `snapshot`. */
export function recordOf(owner: string, snapshot: PersistedFlow): FlowRecordInput {
  return { owner, snapshot };
}
