import type { StatusMode } from '../../src/emulator/index.js';
import { describeModelSuite, guardedContext } from './support/model-suite.js';
import { sampleEvents } from './support/sample-events.js';
import { externalUserLinkMachine } from '../../src/machines/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import {
  codeEntry,
  emulatorScenario,
} from '../../src/testing/index.js';
import type { EmulatorWorld } from '../../src/testing/index.js';

type Machine = typeof externalUserLinkMachine;

const events = sampleEvents(0).externalUserLink;

const options = {
  events,
  project: guardedContext,
};

const user = 'ann@example.com';
const token = (world: EmulatorWorld) => world.session?.accessToken ?? '';

const codes = codeEntry<Machine>({
  request: 'requestExternalUserLink',
  confirm: 'confirmExternalUserLink',
  code: (world) => world.inbox.code(user, 'verifyExternalUser'),
  submitDirectly: (world, code) => world.api.confirmExternalUserLink({ access_token: token(world), code }),
});

const scenario = (statuses: StatusMode) => emulatorScenario<Machine>({
  world: { emulator: { statuses } },
  machine: (world) => createSaasusFlows(world.api, world.flowOptions).externalUserLinkMachine,
  prepare: async (world) => void (await world.signUpUser(user)),
  async arrange(outcome, world, actor) {
    // Unlinking succeeds only once a Google account is linked: link it as the user would.
    if (outcome.type === 'xstate.done.actor.unlinkProvider') {
      world.emulator.control.clock.advance(60_001);
      await world.api.requestExternalUserLink({ access_token: token(world) });
      await world.api.confirmExternalUserLink({ access_token: token(world), code: world.inbox.code(user, 'verifyExternalUser') });
      return true;
    }
    return codes.arrange(outcome, world, actor);
  },
  perform: (step, world, actor, next) => codes.perform(step, world, actor, next),
});

describeModelSuite({
  name: 'externalUserLink',
  machine: externalUserLinkMachine,
  optionSets: [options],
  scenario,
});
