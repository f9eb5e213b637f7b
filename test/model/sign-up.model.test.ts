import type { StatusMode } from '../../src/emulator/index.js';
import { describeModelSuite, guardedContext } from './support/model-suite.js';
import { sampleEvents } from './support/sample-events.js';
import { signUpMachine } from '../../src/machines/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import {
  emulatorScenario,
  emulatorSignIn,
} from '../../src/testing/index.js';

type Machine = typeof signUpMachine;

const events = sampleEvents(0).signUp;

const options = {
  events,
  project: guardedContext,
};

let addresses = 0;

const scenario = (statuses: StatusMode) => emulatorScenario<Machine>({
  world: { emulator: { statuses } },
  machine: (world) => createSaasusFlows(world.api, world.flowOptions).signUpMachine,
  operations: { confirmSignUp: 'getAuthCredentials' },
  // confirmSignUp is the app's step, not a SaaSus operation: its failures come from a wrong password or code.
  arrange: (outcome) => outcome.type === 'xstate.error.actor.confirmSignUp',
  perform(step, world, actor, next) {
    const failNext = next?.event.type === 'xstate.error.actor.confirmSignUp';
    const { event } = step;
    if (event.type === 'email.submit' && event.email.includes('@')) {
      // A fresh address per submission, so a second sign-up in one path is a new user.
      actor.send({ type: 'email.submit', email: `ann+${++addresses}@example.com` });
      return true;
    }
    if (event.type !== 'confirmation.submit' || event.confirmation.method === 'callbackCode' && event.confirmation.code.trim() === '') return false;
    const { email } = actor.getSnapshot().context;
    const temporaryPassword = failNext ? 'Wrong-1234' : world.inbox.temporaryPassword(email);
    if (event.confirmation.method === 'newPassword') {
      actor.send({ type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword, newPassword: 'N3w-password' } });
    } else {
      const code = failNext ? 'not-a-callback-code' : emulatorSignIn(world.emulator, { email, password: temporaryPassword, newPassword: 'N3w-password' }).code;
      actor.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code } });
    }
    return true;
  },
});

describeModelSuite({
  name: 'signUp',
  machine: signUpMachine,
  optionSets: [options],
  scenario,
});
