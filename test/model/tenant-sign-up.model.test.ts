import type { Actor } from 'xstate';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { StatusMode } from '../../src/emulator/index.js';
import { tenantSignUpMachine } from '../../src/machines/index.js';
import type { AttributeDefinition } from '../../src/machines/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import { createEmulatorWorld, emulatorScenario, outcomeOperation, serverError } from '../../src/testing/index.js';
import type { EmulatorWorld, FlowEvent } from '../../src/testing/index.js';
import { describeModelSuite } from './support/model-suite.js';

/*
 * The tenant sign-up on the emulator's tenant operations, through the real actors of
 * `createSaasusFlows(world.api, world.flowOptions)`: the user signs up and signs in, the SaaS
 * defines a tenant and a user attribute, and every snapshot is checked for at most one tenant
 * and one tenant user created by the flow.
 */

type Machine = typeof tenantSignUpMachine;

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

/** The SaaS's attribute definitions and a signed-in user without a tenant. */
async function prepare(world: EmulatorWorld): Promise<void> {
  for (const attribute of TENANT_ATTRIBUTES) await world.api.createTenantAttribute(attribute);
  for (const attribute of USER_ATTRIBUTES) await world.api.createUserAttribute(attribute);
  await world.signUpUser(EMAIL);
}

/** The tenants the flow created (named as the form says), with their members. */
function createdTenants(world: EmulatorWorld) {
  return Object.values(world.emulator.control.exportState().tenants).filter((tenant) => tenant.backOfficeStaffEmail === EMAIL && tenant.name === FORM.tenantName);
}

/** At most one tenant and one tenant user, whatever was failed and retried. */
function createdOnce(world: EmulatorWorld): string | undefined {
  const tenants = createdTenants(world);
  if (tenants.length > 1) return `${tenants.length} tenants created`;
  const members = tenants.flatMap((tenant) => tenant.members);
  return members.length > 1 ? `${members.length} tenant users created` : undefined;
}

const machineOf = (world: EmulatorWorld): Machine => createSaasusFlows(world.api, world.flowOptions).tenantSignUpMachine;

const scenario = (statuses: StatusMode) =>
  emulatorScenario<Machine>({
    world: { emulator: { statuses } },
    machine: machineOf,
    prepare,
    async arrange(outcome, world) {
      const { type, error } = outcome as { type: string; error?: { status: number; type: string; message: string } };
      if (type === 'xstate.done.actor.getUserInfo' && (outcome as { output: { tenants: unknown[] } }).output.tenants.length > 0) {
        // The user already belongs to a tenant, for real.
        const tenant = await world.api.createTenant({ name: 'Old', attributes: { seats: 1 }, back_office_staff_email: EMAIL });
        await world.api.createTenantUser(tenant.id, { email: EMAIL, attributes: { birthday: '1980-01-01' } });
        return true;
      }
      if (type === 'xstate.error.actor.getUserInfo' && error !== undefined) {
        // The client retries this read: the fault outlasts its retries.
        world.emulator.control.injectFault(outcomeOperation({ type }) as 'getUserInfo', { status: error.status, type: error.type, message: error.message, times: 1 + world.retryLimit });
        return true;
      }
      return false;
    },
    invariant: (_snapshot, world) => createdOnce(world),
  });

async function waitFor(actor: Actor<Machine>, done: (snapshot: ReturnType<Actor<Machine>['getSnapshot']>) => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(actor.getSnapshot()); i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  if (!done(actor.getSnapshot())) throw new Error(`stuck in ${JSON.stringify(actor.getSnapshot().value)}`);
}

describeModelSuite({
  name: 'tenantSignUp',
  machine: tenantSignUpMachine,
  optionSets: [options],
  scenario,
  more() {
    describe.each(['createTenant', 'createTenantUser', 'createTenantUserRoles'] as const)('a failure of %s on the emulator, then flow.retry', (operation) => {
      it('creates exactly one tenant and one tenant user, with the admin role in env 3', async () => {
        const world = createEmulatorWorld();
        await prepare(world);
        world.emulator.control.injectFault(operation, { status: 500, type: 'internal_error', message: 'failed', times: 1 });
        const actor = createActor(machineOf(world), { input: {}, clock: world.clock }).start();
        await waitFor(actor, (s) => s.matches('enteringDetails'));
        actor.send(FORM);
        await waitFor(actor, (s) => s.hasTag('error'));
        expect(actor.getSnapshot().context.error).toMatchObject({ code: 'internal_error', retryable: true });
        actor.send({ type: 'flow.retry' });
        await waitFor(actor, (s) => s.status === 'done');
        const calls = world.emulator.control.requestLog().map((record) => record.operation);
        expect(calls.filter((call) => call === operation)).toHaveLength(2);
        expect(calls.filter((call) => call === 'createTenant')).toHaveLength(operation === 'createTenant' ? 2 : 1);
        const tenants = createdTenants(world);
        expect(tenants).toHaveLength(1);
        const tenant = tenants[0]!;
        expect(tenant).toMatchObject({ name: 'Acme', attributes: { seats: 5 }, members: [world.session?.userId] });
        expect(tenant.tenantUsers[world.session?.userId ?? '']).toMatchObject({ attributes: { birthday: '1990-02-28' }, envs: { 3: ['admin'] } });
        expect(actor.getSnapshot().output).toMatchObject({ status: 'signedUp', tenant: { id: tenant.id, name: 'Acme' } });
        const info = await world.api.getUserInfo(world.session?.credentials.id_token ?? '');
        expect(info.tenants.map((t) => ({ id: t.id, roles: t.envs.map((env) => [env.id, env.roles.map((r) => r.role_name)]) }))).toEqual([
          { id: tenant.id, roles: [[3, ['admin']]] },
        ]);
      });
    });
  },
});
