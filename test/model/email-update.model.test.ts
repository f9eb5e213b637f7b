import type { StatusMode } from '../../src/emulator/index.js';
import { describeModelSuite, guardedContext } from './support/model-suite.js';
import { sampleEvents } from './support/sample-events.js';
import { emailUpdateMachine } from '../../src/machines/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import {
  codeEntry,
  emulatorScenario,
} from '../../src/testing/index.js';
import type { EmulatorWorld } from '../../src/testing/index.js';

type Machine = typeof emailUpdateMachine;

const events = sampleEvents(0).emailUpdate;

const options = {
  events,
  project: guardedContext,
};

const user = 'ann@example.com';
const session = (world: EmulatorWorld) => world.session ?? (() => { throw new Error('not signed in'); })();

const scenario = (statuses: StatusMode) => emulatorScenario<Machine>({
  world: { emulator: { statuses } },
  machine: (world) => createSaasusFlows(world.api, world.flowOptions).emailUpdateMachine,
  prepare: async (world) => void (await world.signUpUser(user)),
  ...codeEntry<Machine>({
    request: 'requestEmailUpdate',
    confirm: 'confirmEmailUpdate',
    code: (world, actor) => world.inbox.code(actor.getSnapshot().context.email, 'updateUserAttribute'),
    submitDirectly: (world, code) =>
      world.api.confirmEmailUpdate(session(world).userId, { code, access_token: session(world).accessToken }),
  }),
});

describeModelSuite({
  name: 'emailUpdate',
  machine: emailUpdateMachine,
  optionSets: [options],
  scenario,
});
