import { createActor, type Actor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { tenantSignUpMachine } from '../../src/machines/index.js';
import type { AttributeDefinition } from '../../src/machines/index.js';
import { tenantSignUpActors } from '../../src/services/index.js';
import { outcomeOperation, serverError, type FlowEvent, type FlowScenario } from '../../src/testing/index.js';
import { createTenantSaasusFake, type TenantSaasusFake } from '../support/tenant-saasus-fake.js';
import { describeModelSuite } from './support/model-suite.js';

/*
 * The tenant sign-up on a stand-in for the SaaSus tenant operations (test/support/tenant-saasus-fake.ts),
 * driven through the real services actors: the emulator has no tenant operations yet. At the
 * merge with the emulator's tenant API this scenario becomes an `emulatorScenario` over
 * `createSaasusFlows(world.api, world.flowOptions).tenantSignUpMachine`.
 */

type Machine = typeof tenantSignUpMachine;
type Operation = Parameters<TenantSaasusFake['fail']>[0];

const EMAIL = 'ann@example.com';
const TENANT_ATTRIBUTES: AttributeDefinition[] = [{ attribute_name: 'seats', display_name: 'Seats', attribute_type: 'number' }];
const USER_ATTRIBUTES: AttributeDefinition[] = [{ attribute_name: 'birthday', display_name: 'Birthday', attribute_type: 'date' }];
const FORM = { type: 'selfSignUp.submit', tenantName: 'Acme', tenantAttributes: { seats: '5' }, userAttributes: { birthday: '1990-02-28' } } as const;
const sampleTenant = { id: 'sample', name: 'Acme', attributes: {}, back_office_staff_email: EMAIL, plan_histories: [] };
const membership = { id: 'old', name: 'Old', completed_sign_up: true, envs: [], user_attribute: {}, back_office_staff_email: EMAIL };

const events: FlowEvent<Machine>[] = [
  FORM,
  { type: 'selfSignUp.submit', tenantName: ' ' },
  { type: 'details.edit' },
  { type: 'flow.retry' },
  { type: 'flow.cancel' },
  { type: 'xstate.done.actor.getUserInfo', output: { email: EMAIL, tenants: [] } },
  { type: 'xstate.done.actor.getUserInfo', output: { email: EMAIL, tenants: [membership] } },
  { type: 'xstate.error.actor.getUserInfo', error: serverError('getUserInfo', 500, 'internal_error') },
  { type: 'xstate.done.actor.getTenantAttributes', output: TENANT_ATTRIBUTES },
  { type: 'xstate.error.actor.getTenantAttributes', error: serverError('getTenantAttributes', 500, 'internal_error') },
  { type: 'xstate.done.actor.getUserAttributes', output: USER_ATTRIBUTES },
  { type: 'xstate.error.actor.getUserAttributes', error: serverError('getUserAttributes', 500, 'internal_error') },
  { type: 'xstate.done.actor.createTenant', output: sampleTenant },
  { type: 'xstate.error.actor.createTenant', error: serverError('createTenant', 500, 'internal_error') },
  { type: 'xstate.done.actor.createTenantUser', output: { id: 'sample' } },
  { type: 'xstate.error.actor.createTenantUser', error: serverError('createTenantUser', 500, 'internal_error') },
  { type: 'xstate.done.actor.createTenantUserRoles' },
  { type: 'xstate.error.actor.createTenantUserRoles', error: serverError('createTenantUserRoles', 500, 'internal_error') },
];

// States are told apart by their value: no guard of this machine reads the context.
const options = { events, input: {}, project: () => ({}) };

interface World {
  fake: TenantSaasusFake;
  idToken: string;
  userId: string;
}

/** At most one tenant and one tenant user, whatever was failed and retried. */
function createdOnce(world: World): string | undefined {
  const tenants = world.fake.tenants().filter((tenant) => tenant.back_office_staff_email === EMAIL && tenant.name === FORM.tenantName);
  if (tenants.length > 1) return `${tenants.length} tenants created`;
  const users = tenants.flatMap((tenant) => world.fake.tenantUsers(tenant.id));
  return users.length > 1 ? `${users.length} tenant users created` : undefined;
}

function newWorld(): World {
  const fake = createTenantSaasusFake({ tenantAttributes: TENANT_ATTRIBUTES, userAttributes: USER_ATTRIBUTES });
  return { fake, ...fake.addUser(EMAIL) };
}

function machineFor(world: World): Machine {
  const session = () => ({ userId: world.userId, accessToken: 'access-token-unused', idToken: world.idToken });
  return tenantSignUpMachine.provide({ actors: tenantSignUpActors(world.fake.api, { session }) });
}

const scenario: FlowScenario<Machine, World> = {
  setup: newWorld,
  createActor: (world) => createActor(machineFor(world), { input: {} }),
  async arrange(outcome, world) {
    const { type, error } = outcome as { type: string; error?: Parameters<TenantSaasusFake['fail']>[1] };
    if (type === 'xstate.done.actor.getUserInfo' && (outcome as { output: { tenants: unknown[] } }).output.tenants.length > 0) {
      // The user already belongs to a tenant, for real.
      const tenant = await world.fake.api.createTenant({ name: 'Old', attributes: {}, back_office_staff_email: EMAIL });
      await world.fake.api.createTenantUser(tenant.id, { email: EMAIL, attributes: {} });
      return;
    }
    if (type.startsWith('xstate.error.actor.') && error !== undefined) world.fake.fail(outcomeOperation({ type }) as Operation, error);
  },
  hold(ids, world) {
    for (const id of ids) world.fake.hold(id as Operation);
  },
  invariant: (_snapshot, world) => createdOnce(world),
};

/** Runs the flow to the end, failing `operation` once and retrying; returns the world. */
async function signUpWithOneFailure(operation: Operation): Promise<{ world: World; actor: Actor<Machine> }> {
  const world = newWorld();
  world.fake.fail(operation, serverError(operation, 500, 'internal_error'));
  const actor = createActor(machineFor(world), { input: {} }).start();
  await waitFor(actor, (s) => s.matches('enteringDetails'));
  actor.send(FORM);
  await waitFor(actor, (s) => s.hasTag('error'));
  actor.send({ type: 'flow.retry' });
  await waitFor(actor, (s) => s.status === 'done');
  return { world, actor };
}

async function waitFor(actor: Actor<Machine>, done: (snapshot: ReturnType<Actor<Machine>['getSnapshot']>) => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(actor.getSnapshot()); i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  if (!done(actor.getSnapshot())) throw new Error(`stuck in ${JSON.stringify(actor.getSnapshot().value)}`);
}

describeModelSuite({
  name: 'tenantSignUp',
  machine: tenantSignUpMachine,
  optionSets: [options],
  scenario,
  more() {
    describe.each(['createTenant', 'createTenantUser', 'createTenantUserRoles'] as const)('a failure of %s, then flow.retry', (operation) => {
      it('creates exactly one tenant and one tenant user, with the admin role in env 3', async () => {
        const { world, actor } = await signUpWithOneFailure(operation);
        const tenants = world.fake.tenants();
        expect(tenants).toHaveLength(1);
        expect(tenants[0]).toMatchObject({ name: 'Acme', attributes: { seats: 5 }, back_office_staff_email: EMAIL });
        expect(world.fake.tenantUsers(tenants[0]?.id ?? '')).toEqual([{ id: world.userId, email: EMAIL, attributes: { birthday: '1990-02-28' }, roles: { 3: ['admin'] } }]);
        expect(world.fake.calls.filter((call) => call === operation)).toHaveLength(2);
        expect(world.fake.calls.filter((call) => call === 'createTenant')).toHaveLength(operation === 'createTenant' ? 2 : 1);
        expect(actor.getSnapshot().output).toEqual({ status: 'signedUp', tenant: tenants[0] });
        const info = await world.fake.api.getUserInfo(world.idToken);
        expect(info.tenants.map((t) => ({ id: t.id, roles: t.envs.map((env) => [env.id, env.roles.map((r) => r.role_name)]) }))).toEqual([
          { id: tenants[0]?.id, roles: [[3, ['admin']]] },
        ]);
      });
    });
  },
});
