import type { Actor } from 'xstate';
import type { StatusMode } from '../../src/emulator/index.js';
import { describeModelSuite, guardedContext } from './support/model-suite.js';
import { sampleEvents } from './support/sample-events.js';
import { expect, it } from 'vitest';
import { mfaSetupMachine } from '../../src/machines/index.js';
import { otpauthUri, qrDataUrl } from '../../src/mfa/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import {
  codeEntry,
  emulatorScenario,
  stateName,
} from '../../src/testing/index.js';
import type { EmulatorWorld } from '../../src/testing/index.js';
import { decodePng, scan } from '../mfa/qr-decode.js';

type Machine = typeof mfaSetupMachine;

const events = sampleEvents(0).mfaSetup;

const options = {
  events,
  input: { accountName: 'ann@example.com' },
  project: guardedContext,
};

const user = 'ann@example.com';

/** The key the user's phone scanned from the QR code, per world. */
const scanned = new WeakMap<EmulatorWorld, string>();
const key = (world: EmulatorWorld) => scanned.get(world) ?? (() => { throw new Error('no QR code was scanned'); })();
const session = (world: EmulatorWorld) => world.session ?? (() => { throw new Error('not signed in'); })();

/** While the secret is shown, the user scans the QR code the UI draws from the otpauth URI. */
async function scanIfShown(world: EmulatorWorld, actor: Actor<Machine>): Promise<void> {
  const { value, context } = actor.getSnapshot();
  if (!stateName(value).startsWith('showingSecret') || context.secret === undefined) return;
  const url = await qrDataUrl(otpauthUri({ secret: context.secret, accountName: context.accountName }));
  const uri = scan(decodePng(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')));
  if (uri === null) throw new Error('the QR code did not scan');
  scanned.set(world, uri);
}

function secretOnlyWhileShown(snapshot: { value: unknown; context: { secret?: string } }): string | undefined {
  const shown = stateName(snapshot.value).startsWith('showingSecret');
  return shown === (snapshot.context.secret !== undefined) ? undefined : `secret ${shown ? 'missing' : 'kept'} in ${stateName(snapshot.value)}`;
}

const codes = codeEntry<Machine>({
  request: 'createSecretCode',
  confirm: 'updateSoftwareToken',
  code: (world) => world.authenticator.code(key(world)),
  wrongCode: (world) => world.authenticator.wrongCode(key(world)),
  submitDirectly: (world, code) => world.api.updateSoftwareToken(session(world).userId, { access_token: session(world).accessToken, verification_code: code }),
});

const scenario = (statuses: StatusMode) => emulatorScenario<Machine>({
  world: { emulator: { statuses } },
  machine: (world) => createSaasusFlows(world.api, world.flowOptions).mfaSetupMachine,
  input: () => ({ accountName: user }),
  prepare: async (world) => void (await world.signUpUser(user)),
  invariant: secretOnlyWhileShown,
  async arrange(outcome, world, actor) {
    await scanIfShown(world, actor);
    if (outcome.type === 'xstate.done.actor.getUserMfaPreference' && (outcome.output as { enabled?: boolean } | undefined)?.enabled === true) {
      // MFA is on for real: enrol an authenticator app before the flow reads the preference.
      const { userId, accessToken } = session(world);
      const { secret_code: secret } = await world.api.createSecretCode(userId, { access_token: accessToken });
      await world.api.updateSoftwareToken(userId, { access_token: accessToken, verification_code: world.authenticator.code(secret) });
      await world.api.updateUserMfaPreference(userId, { enabled: true, method: 'softwareToken' });
      return true;
    }
    return codes.arrange(outcome, world, actor);
  },
  async perform(step, world, actor, next) {
    await scanIfShown(world, actor);
    return codes.perform(step, world, actor, next);
  },
});

describeModelSuite({
  name: 'mfaSetup',
  machine: mfaSetupMachine,
  optionSets: [options],
  scenario,
  more(graphs) {
    it('holds the secret in context only while it is shown, in every state of the graph', () => {
      for (const graph of graphs) for (const snapshot of graph.states.values()) expect(secretOnlyWhileShown(snapshot)).toBeUndefined();
    });
  },
});
