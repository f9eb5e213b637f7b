import type { Actor } from 'xstate';
import type { StatusMode } from '../../src/emulator/index.js';
import { describeModelSuite, guardedContext } from './support/model-suite.js';
import { expect, it } from 'vitest';
import { mfaSetupMachine } from '../../src/machines/index.js';
import { otpauthUri, qrDataUrl } from '../../src/mfa/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import {
  codeEntry,
  codeEntryOutcomes,
  emulatorScenario,
  serverError,
  stateName,
} from '../../src/testing/index.js';
import type { EmulatorWorld, FlowEvent } from '../../src/testing/index.js';
import { decodePng, scan } from '../mfa/qr-decode.js';

type Machine = typeof mfaSetupMachine;

const events: FlowEvent<Machine>[] = [
  { type: 'code.submit', code: '123456' },
  { type: 'code.submit', code: '' },
  { type: 'enrollment.restart' },
  { type: 'secret.hide' },
  { type: 'mfa.disable' },
  { type: 'flow.retry' },
  { type: 'flow.cancel' },
  { type: 'xstate.done.actor.getUserMfaPreference', output: { enabled: false } },
  { type: 'xstate.done.actor.getUserMfaPreference', output: { enabled: true, method: 'softwareToken' } },
  { type: 'xstate.error.actor.getUserMfaPreference', error: serverError('getUserMfaPreference', 500, 'internal_error') },
  { type: 'xstate.error.actor.getUserMfaPreference', error: serverError('getUserMfaPreference', 404, 'user_not_found') },
  { type: 'xstate.done.actor.createSecretCode', output: { secret_code: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' } },
  { type: 'xstate.error.actor.createSecretCode', error: serverError('createSecretCode', 500, 'internal_error') },
  { type: 'xstate.error.actor.createSecretCode', error: serverError('createSecretCode', 401, 'invalid_access_token') },
  // An authenticator app's codes do not expire; the server may have no secret to check against.
  ...codeEntryOutcomes('updateSoftwareToken', { expires: false }),
  { type: 'xstate.error.actor.updateSoftwareToken', error: serverError('updateSoftwareToken', 400, 'secret_code_not_created') },
  { type: 'xstate.done.actor.updateUserMfaPreference' },
  { type: 'xstate.error.actor.updateUserMfaPreference', error: serverError('updateUserMfaPreference', 500, 'internal_error') },
  { type: 'xstate.error.actor.updateUserMfaPreference', error: serverError('updateUserMfaPreference', 400, 'invalid_parameter') },
];

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
