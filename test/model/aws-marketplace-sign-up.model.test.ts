import type { StatusMode } from '../../src/emulator/index.js';
import { describeModelSuite, guardedContext } from './support/model-suite.js';
import { sampleEvents, sampleTenant as tenant } from './support/sample-events.js';
import { awsMarketplaceSignUpMachine } from '../../src/machines/index.js';
import type { AwsMarketplaceSignUpInput } from '../../src/machines/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import {
  emulatorScenario,
  emulatorSignIn,
} from '../../src/testing/index.js';
import type { EmulatorWorld } from '../../src/testing/index.js';

type Machine = typeof awsMarketplaceSignUpMachine;


const events = sampleEvents(0).awsMarketplaceSignUp;

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
