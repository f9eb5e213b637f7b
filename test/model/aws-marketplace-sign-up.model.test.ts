import type { StatusMode } from '../../src/emulator/index.js';
import { describeModelSuite, guardedContext } from './support/model-suite.js';
import { awsMarketplaceSignUpMachine } from '../../src/machines/index.js';
import type { AwsMarketplaceSignUpInput } from '../../src/machines/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import {
  emulatorScenario,
  emulatorSignIn,
  serverError,
} from '../../src/testing/index.js';
import type { EmulatorWorld, FlowEvent } from '../../src/testing/index.js';

type Machine = typeof awsMarketplaceSignUpMachine;

const tenant = { id: 'tenant-1', name: 'Acme' };
const tenantOutput = { id: 'tenant-2', name: 'New Co', attributes: {}, back_office_staff_email: 'ann@example.com', plan_histories: [] };
const invalidToken = (operation: string) => ({ type: `xstate.error.actor.${operation}` as const, error: serverError(operation, 400, 'invalid_registration_token') });
const failed = (operation: string) => ({ type: `xstate.error.actor.${operation}` as const, error: serverError(operation, 500, 'internal_error') });

const events: FlowEvent<Machine>[] = [
  { type: 'email.submit', email: 'ann@example.com' },
  { type: 'email.submit', email: 'not-an-address' },
  { type: 'email.change' },
  { type: 'code.resend' },
  { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: 'Temp-1234', newPassword: 'N3w-password' } },
  { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: '', newPassword: '' } },
  { type: 'tenant.submit', name: 'New Co' },
  { type: 'tenant.choose', tenantId: tenant.id },
  { type: 'tenant.choose', tenantId: 'someone-elses-tenant' },
  { type: 'tenant.create' },
  { type: 'flow.retry' },
  { type: 'flow.cancel' },
  { type: 'xstate.done.actor.signUpWithAwsMarketplace', output: { userId: 'user-1', sentAt: 0 } },
  failed('signUpWithAwsMarketplace'),
  invalidToken('signUpWithAwsMarketplace'),
  { type: 'xstate.done.actor.resendSignUpConfirmationEmail', output: { sentAt: 0 } },
  { type: 'xstate.error.actor.resendSignUpConfirmationEmail', error: serverError('resendSignUpConfirmationEmail', 429, 'limit_exceeded') },
  { type: 'xstate.done.actor.confirmSignUp', output: { userId: 'user-1' } },
  { type: 'xstate.error.actor.confirmSignUp', error: { type: 'not_authorized', message: 'Incorrect e-mail address or password.' } },
  { type: 'xstate.done.actor.confirmSignUpWithAwsMarketplace', output: tenantOutput },
  failed('confirmSignUpWithAwsMarketplace'),
  invalidToken('confirmSignUpWithAwsMarketplace'),
  { type: 'xstate.done.actor.linkAwsMarketplace' },
  failed('linkAwsMarketplace'),
  invalidToken('linkAwsMarketplace'),
];

/**
 * The four ways the flow starts: a new buyer, a signed-in customer with a tenant, a signed-in
 * buyer with no tenant yet, a landing URL without token.
 */
const inputs: AwsMarketplaceSignUpInput[] = [
  { registrationToken: 'rt-sample' },
  { registrationToken: 'rt-sample', tenants: [tenant] },
  { registrationToken: 'rt-sample', tenants: [] },
  { registrationToken: '' },
];
const optionSets = inputs.map((input) => ({ events, input, project: guardedContext }));

interface Seed {
  token: string;
  tenantId: string;
}
const seeds = new WeakMap<EmulatorWorld, Seed>();
const seed = (world: EmulatorWorld): Seed => seeds.get(world) ?? (() => { throw new Error('world not prepared'); })();
let addresses = 0;

const scenario = (statuses: StatusMode) => emulatorScenario<Machine>({
  world: { emulator: { statuses } },
  machine: (world) => createSaasusFlows(world.api, world.flowOptions).awsMarketplaceSignUpMachine,
  operations: { confirmSignUp: 'getAuthCredentials' },
  async prepare(world, path) {
    const token = world.emulator.control.mintRegistrationToken();
    let tenantId = '';
    const tenants = path.graph.options.input?.tenants;
    if (tenants !== undefined) {
      // A signed-in buyer: an existing customer with a tenant, or one with none yet.
      const session = await world.signUpUser('customer@example.com');
      if (tenants.length > 0) tenantId = world.emulator.control.createTenant({ name: tenant.name, userId: session.userId }).id;
    }
    seeds.set(world, { token, tenantId });
  },
  input(world, path) {
    const model = path.graph.options.input ?? { registrationToken: '' };
    const { token, tenantId } = seed(world);
    return model.tenants === undefined
      ? { registrationToken: model.registrationToken === '' ? '' : token }
      : { registrationToken: token, tenants: model.tenants.length === 0 ? [] : [{ id: tenantId, name: tenant.name }] };
  },
  arrange(outcome, world) {
    // confirmSignUp is the app's step: its failure is a wrong temporary password, sent by perform.
    if (outcome.type === 'xstate.error.actor.confirmSignUp') return true;
    if (outcome.type === 'xstate.done.actor.resendSignUpConfirmationEmail') world.emulator.control.clock.advance(60_001);
    return false;
  },
  perform(step, world, actor, next) {
    const { event } = step;
    if (event.type === 'email.submit' && event.email.includes('@')) {
      actor.send({ type: 'email.submit', email: `buyer+${++addresses}@example.com` });
      return true;
    }
    if (event.type === 'tenant.choose' && event.tenantId === tenant.id) {
      actor.send({ type: 'tenant.choose', tenantId: seed(world).tenantId });
      return true;
    }
    if (event.type !== 'confirmation.submit' || event.confirmation.method !== 'newPassword' || event.confirmation.temporaryPassword === '') return false;
    const { email } = actor.getSnapshot().context;
    const wrong = next?.event.type === 'xstate.error.actor.confirmSignUp';
    const temporaryPassword = wrong ? 'Wrong-1234' : world.inbox.temporaryPassword(email);
    actor.send({ type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword, newPassword: 'N3w-password' } });
    return true;
  },
});

describeModelSuite({
  name: 'awsMarketplaceSignUp',
  machine: awsMarketplaceSignUpMachine,
  optionSets: optionSets,
  scenario,
});
