import type { StatusMode } from '../../src/emulator/index.js';
import { describeModelSuite, guardedContext } from './support/model-suite.js';
import { emailUpdateMachine } from '../../src/machines/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import {
  codeEntry,
  codeEntryOutcomes,
  emulatorScenario,
  serverError,
} from '../../src/testing/index.js';
import type { EmulatorWorld, FlowEvent } from '../../src/testing/index.js';

type Machine = typeof emailUpdateMachine;

const events: FlowEvent<Machine>[] = [
  { type: 'email.submit', email: 'ann.new@example.com' },
  { type: 'email.submit', email: 'no-at-sign' },
  { type: 'email.change' },
  { type: 'code.submit', code: '123456' },
  { type: 'code.submit', code: '' },
  { type: 'code.resend' },
  { type: 'flow.retry' },
  { type: 'flow.cancel' },
  { type: 'xstate.done.actor.requestEmailUpdate', output: { sentAt: 0 } },
  { type: 'xstate.error.actor.requestEmailUpdate', error: serverError('requestEmailUpdate', 500, 'internal_error') },
  { type: 'xstate.error.actor.requestEmailUpdate', error: serverError('requestEmailUpdate', 400, 'email_already_exists') },
  ...codeEntryOutcomes('confirmEmailUpdate', { failureStatus: 503 }),
];

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
