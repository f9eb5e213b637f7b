import type { StatusMode } from '../../src/emulator/index.js';
import { describeModelSuite, guardedContext } from './support/model-suite.js';
import { signUpMachine } from '../../src/machines/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import {
  emulatorScenario,
  emulatorSignIn,
  serverError,
} from '../../src/testing/index.js';
import type { FlowEvent } from '../../src/testing/index.js';

type Machine = typeof signUpMachine;

const events: FlowEvent<Machine>[] = [
  { type: 'email.submit', email: 'ann@example.com' },
  { type: 'email.submit', email: 'not-an-address' },
  { type: 'email.change' },
  { type: 'code.resend' },
  { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: 'Temp-1234', newPassword: 'N3w-password' } },
  { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'callback-code' } },
  { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: ' ' } },
  { type: 'flow.retry' },
  { type: 'flow.cancel' },
  { type: 'xstate.done.actor.signUp', output: { userId: 'user-1', sentAt: 0 } },
  { type: 'xstate.error.actor.signUp', error: serverError('signUp', 500, 'internal_error') },
  { type: 'xstate.error.actor.signUp', error: serverError('signUp', 400, 'email_already_exists') },
  { type: 'xstate.done.actor.resendSignUpConfirmationEmail', output: { sentAt: 0 } },
  { type: 'xstate.error.actor.resendSignUpConfirmationEmail', error: serverError('resendSignUpConfirmationEmail', 429, 'limit_exceeded') },
  { type: 'xstate.done.actor.confirmSignUp', output: { userId: 'user-1' } },
  { type: 'xstate.error.actor.confirmSignUp', error: { type: 'not_authorized', message: 'Incorrect e-mail address or password.' } },
];

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
