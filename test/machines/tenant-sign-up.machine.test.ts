import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Tenant, UserAvailableTenant } from '../../src/api/types.js';
import { persistFlow, tenantSignUpMachine } from '../../src/machines/index.js';
import type { AttributeDefinition, CreatedTenantUser, CreateTenantInput, CreateTenantUserInput, CreateTenantUserRolesInput, SignedInUser } from '../../src/machines/index.js';
import type { EmptyInput } from '../../src/machines/index.js';
import { apiFailure, controlledActor, networkFailure, settle } from './support/controlled-actor.js';

const TENANT_ATTRIBUTES: AttributeDefinition[] = [
  { attribute_name: 'seats', display_name: 'Seats', attribute_type: 'number' },
  { attribute_name: 'trial', display_name: 'Trial', attribute_type: 'bool' },
];
const USER_ATTRIBUTES: AttributeDefinition[] = [
  { attribute_name: 'nickname', display_name: 'Nickname', attribute_type: 'string' },
  { attribute_name: 'birthday', display_name: 'Birthday', attribute_type: 'date' },
];
const TENANT: Tenant = { id: 't-1', name: 'Acme', attributes: { seats: 5, trial: true }, back_office_staff_email: 'ann@example.com', plan_histories: [] };
const MEMBERSHIP: UserAvailableTenant = { id: 't-0', name: 'Old', completed_sign_up: true, envs: [], user_attribute: {}, back_office_staff_email: 'ann@example.com' };
const FORM = {
  type: 'selfSignUp.submit' as const,
  tenantName: '  Acme ',
  tenantAttributes: { seats: '5', trial: 'true' },
  userAttributes: { nickname: 'Ann', birthday: '1990-02-28' },
};

function start() {
  const userInfo = controlledActor<SignedInUser, EmptyInput>();
  const tenantAttributes = controlledActor<AttributeDefinition[], EmptyInput>();
  const userAttributes = controlledActor<AttributeDefinition[], EmptyInput>();
  const createTenant = controlledActor<Tenant, CreateTenantInput>();
  const createTenantUser = controlledActor<CreatedTenantUser, CreateTenantUserInput>();
  const createTenantUserRoles = controlledActor<void, CreateTenantUserRolesInput>();
  const machine = tenantSignUpMachine.provide({
    actors: {
      getUserInfo: userInfo.logic,
      getTenantAttributes: tenantAttributes.logic,
      getUserAttributes: userAttributes.logic,
      createTenant: createTenant.logic,
      createTenantUser: createTenantUser.logic,
      createTenantUserRoles: createTenantUserRoles.logic,
    },
  });
  const actor = createActor(machine, { input: {} }).start();
  return { machine, actor, userInfo, tenantAttributes, userAttributes, createTenant, createTenantUser, createTenantUserRoles };
}

type Flow = ReturnType<typeof start>;

async function toForm(flow: Flow): Promise<void> {
  flow.userInfo.last().resolve({ email: 'ann@example.com', tenants: [] });
  await settle();
  flow.tenantAttributes.last().resolve(TENANT_ATTRIBUTES);
  await settle();
  flow.userAttributes.last().resolve(USER_ATTRIBUTES);
  await settle();
}

async function toCreatingTenantUser(flow: Flow): Promise<void> {
  await toForm(flow);
  flow.actor.send(FORM);
  flow.createTenant.last().resolve(TENANT);
  await settle();
}

describe('tenantSignUpMachine', () => {
  it('loads the user info, then the tenant and user attribute definitions, busy all along', async () => {
    const flow = start();
    expect(flow.actor.getSnapshot().value).toBe('loadingUserInfo');
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(true);
    flow.userInfo.last().resolve({ email: 'ann@example.com', tenants: [] });
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('loadingTenantAttributes');
    flow.tenantAttributes.last().resolve(TENANT_ATTRIBUTES);
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('loadingUserAttributes');
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(true);
    flow.userAttributes.last().resolve(USER_ATTRIBUTES);
    await settle();
    expect(flow.actor.getSnapshot().value).toEqual({ enteringDetails: 'editing' });
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(false);
    expect(flow.actor.getSnapshot().context).toMatchObject({ email: 'ann@example.com', tenantAttributes: TENANT_ATTRIBUTES, userAttributes: USER_ATTRIBUTES });
  });

  it('finishes alreadyMember at once, with the tenants, for a user who belongs to one', async () => {
    const flow = start();
    flow.userInfo.last().resolve({ email: 'ann@example.com', tenants: [MEMBERSHIP] });
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'alreadyMember', tenants: [MEMBERSHIP] });
    expect(flow.tenantAttributes.calls).toHaveLength(0);
  });

  it('creates the tenant (the user as back-office staff), the tenant user and the admin role in env 3, then finishes signedUp', async () => {
    const flow = start();
    await toForm(flow);
    flow.actor.send(FORM);
    expect(flow.actor.getSnapshot().value).toBe('creatingTenant');
    expect(flow.createTenant.last().input).toEqual({
      email: 'ann@example.com',
      details: { tenantName: 'Acme', tenantAttributes: { seats: 5, trial: true }, userAttributes: { nickname: 'Ann', birthday: '1990-02-28' } },
    });
    flow.createTenant.last().resolve(TENANT);
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('creatingTenantUser');
    expect(flow.createTenantUser.last().input).toEqual({ tenantId: 't-1', email: 'ann@example.com', attributes: { nickname: 'Ann', birthday: '1990-02-28' } });
    flow.createTenantUser.last().resolve({ id: 'u-1' });
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('addingAdminRole');
    expect(flow.createTenantUserRoles.last().input).toEqual({ tenantId: 't-1', userId: 'u-1', envId: 3, roleNames: ['admin'] });
    flow.createTenantUserRoles.last().resolve();
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'signedUp', tenant: TENANT });
  });

  it.each([
    ['no tenant name', { ...FORM, tenantName: '   ' }, 'Enter a name for your tenant.'],
    ['a tenant name that is not text', { ...FORM, tenantName: 42 }, 'Enter a name for your tenant.'],
    ['no tenant name field at all', { type: 'selfSignUp.submit' }, 'Enter a name for your tenant.'],
    ['a number attribute that is not a number', { ...FORM, tenantAttributes: { seats: 'five' } }, 'Enter a number for Seats.'],
    ['a missing number attribute', { ...FORM, tenantAttributes: {} }, 'Enter a number for Seats.'],
    ['a yes/no attribute that is neither', { ...FORM, tenantAttributes: { seats: 5, trial: 'maybe' } }, 'Choose yes or no for Trial.'],
    ['a date that is not on the calendar', { ...FORM, userAttributes: { nickname: 'Ann', birthday: '2026-02-30' } }, 'Enter Birthday as a date such as 2026-11-30.'],
    ['a date in another format', { ...FORM, userAttributes: { nickname: 'Ann', birthday: '28/02/1990' } }, 'Enter Birthday as a date such as 2026-11-30.'],
    ['a blank string attribute', { ...FORM, userAttributes: { nickname: ' ', birthday: '1990-02-28' } }, 'Enter Nickname.'],
    ['an attribute the SaaS did not define', { ...FORM, userAttributes: { nickname: 'Ann', birthday: '1990-02-28', role: 'boss' } }, '"role" is not a field of this form.'],
    ['attributes that are not an object', { ...FORM, tenantAttributes: ['5'] }, 'The form could not be read. Please fill it in again.'],
    ['attributes given as null', { ...FORM, userAttributes: null }, 'The form could not be read. Please fill it in again.'],
  ])('refuses %s before any request, with a message, and keeps the form', async (_, event, message) => {
    const flow = start();
    await toForm(flow);
    expect(() => flow.actor.send(event as typeof FORM)).not.toThrow();
    const snapshot = flow.actor.getSnapshot();
    expect(snapshot.value).toEqual({ enteringDetails: 'invalid' });
    expect(snapshot.hasTag('error')).toBe(true);
    expect(snapshot.context.error).toEqual({ code: 'invalid_input', message, retryable: false });
    expect(flow.createTenant.calls).toHaveLength(0);
    flow.actor.send(FORM);
    expect(flow.actor.getSnapshot().value).toBe('creatingTenant');
    expect(flow.actor.getSnapshot().context.error).toBeUndefined();
  });

  it('takes typed values as they are, an unticked yes/no as no, and keeps the actor alive', async () => {
    const flow = start();
    await toForm(flow);
    flow.actor.send({ ...FORM, tenantAttributes: { seats: 12.5 }, userAttributes: { nickname: 'Ann', birthday: '2024-02-29' } });
    expect(flow.createTenant.last().input.details.tenantAttributes).toEqual({ seats: 12.5, trial: false });
    expect(flow.actor.getSnapshot().status).toBe('active');
  });

  it('after createTenant failed, a retry creates the tenant again; the form can also be edited', async () => {
    const flow = start();
    await toForm(flow);
    flow.actor.send(FORM);
    flow.createTenant.last().reject(apiFailure('internal_error', { status: 500 }));
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('tenantCreationFailed');
    expect(flow.actor.getSnapshot().hasTag('error')).toBe(true);
    expect(flow.actor.getSnapshot().context.tenant).toBeUndefined();
    flow.actor.send({ type: 'flow.retry' });
    expect(flow.actor.getSnapshot().value).toBe('creatingTenant');
    expect(flow.createTenant.calls).toHaveLength(2);
    flow.createTenant.last().reject(apiFailure('invalid_parameter'));
    await settle();
    flow.actor.send({ type: 'details.edit' });
    expect(flow.actor.getSnapshot().value).toEqual({ enteringDetails: 'editing' });
  });

  it('after createTenantUser failed, a retry adds the user to the same tenant and never creates another', async () => {
    const flow = start();
    await toCreatingTenantUser(flow);
    flow.createTenantUser.last().reject(networkFailure());
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('tenantUserCreationFailed');
    expect(flow.actor.getSnapshot().context.tenant).toEqual(TENANT);
    // Editing the form would mean another tenant: not offered once the tenant exists.
    flow.actor.send({ type: 'details.edit' });
    expect(flow.actor.getSnapshot().value).toBe('tenantUserCreationFailed');
    flow.actor.send({ type: 'flow.retry' });
    expect(flow.actor.getSnapshot().value).toBe('creatingTenantUser');
    expect(flow.createTenantUser.calls.map((call) => call.input.tenantId)).toEqual(['t-1', 't-1']);
    expect(flow.createTenant.calls).toHaveLength(1);
  });

  it('after createTenantUserRoles failed, a retry gives the role to the same tenant user', async () => {
    const flow = start();
    await toCreatingTenantUser(flow);
    flow.createTenantUser.last().resolve({ id: 'u-1' });
    await settle();
    flow.createTenantUserRoles.last().reject(apiFailure('internal_error', { status: 500 }));
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('roleAssignmentFailed');
    flow.actor.send({ type: 'flow.retry' });
    expect(flow.createTenantUserRoles.calls.map((call) => call.input)).toEqual([
      { tenantId: 't-1', userId: 'u-1', envId: 3, roleNames: ['admin'] },
      { tenantId: 't-1', userId: 'u-1', envId: 3, roleNames: ['admin'] },
    ]);
    expect(flow.createTenant.calls).toHaveLength(1);
    expect(flow.createTenantUser.calls).toHaveLength(1);
    flow.createTenantUserRoles.last().resolve();
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'signedUp', tenant: TENANT });
  });

  it('reads everything again after a failed read, whatever the failure', async () => {
    const flow = start();
    flow.userInfo.last().resolve({ email: 'ann@example.com', tenants: [] });
    await settle();
    flow.tenantAttributes.last().reject(apiFailure('permission_denied', { status: 403 }));
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('loadingFailed');
    expect(flow.actor.getSnapshot().context.error?.code).toBe('permission_denied');
    flow.actor.send({ type: 'flow.retry' });
    expect(flow.actor.getSnapshot().value).toBe('loadingUserInfo');
    expect(flow.userInfo.calls).toHaveLength(2);
  });

  it('cancels from every step, aborting the request in flight', async () => {
    const flow = start();
    await toCreatingTenantUser(flow);
    flow.actor.send({ type: 'flow.cancel' });
    expect(flow.createTenantUser.last().signal.aborted).toBe(true);
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'cancelled' });
    const loading = start();
    loading.actor.send({ type: 'flow.cancel' });
    expect(loading.userInfo.last().signal.aborted).toBe(true);
    expect(loading.actor.getSnapshot().output).toEqual({ status: 'cancelled' });
  });

  it('uses the invoke id = src = operation name', () => {
    const ids = Object.values(tenantSignUpMachine.root.states).flatMap((node) => node.invoke.map((invoke) => [invoke.id, invoke.src]));
    expect(ids).toEqual([
      ['getUserInfo', 'getUserInfo'],
      ['getTenantAttributes', 'getTenantAttributes'],
      ['getUserAttributes', 'getUserAttributes'],
      ['createTenant', 'createTenant'],
      ['createTenantUser', 'createTenantUser'],
      ['createTenantUserRoles', 'createTenantUserRoles'],
    ]);
  });

  it('persists a step in flight as its failed state, with the tenant kept, ready for a retry that creates no second tenant', async () => {
    const flow = start();
    await toCreatingTenantUser(flow);
    const saved = JSON.parse(JSON.stringify(persistFlow(flow.actor)));
    expect(saved.value).toBe('tenantUserCreationFailed');
    expect(saved.children).toEqual({});
    expect(JSON.stringify(saved)).not.toMatch(/token/i);
    flow.actor.stop();

    const resumed = start();
    resumed.actor.stop();
    const restored = createActor(resumed.machine, { snapshot: saved, input: {} }).start();
    expect(restored.getSnapshot().hasTag('error')).toBe(true);
    expect(restored.getSnapshot().context.tenant?.id).toBe('t-1');
    restored.send({ type: 'flow.retry' });
    expect(restored.getSnapshot().value).toBe('creatingTenantUser');
    expect(resumed.createTenantUser.last().input.tenantId).toBe('t-1');
    expect(resumed.createTenant.calls).toHaveLength(0);
  });

  it('restores a snapshot taken while loading by reading again', async () => {
    const flow = start();
    const saved = JSON.parse(JSON.stringify(persistFlow(flow.actor)));
    flow.actor.stop();
    const again = start();
    again.actor.stop();
    const restored = createActor(again.machine, { snapshot: saved, input: {} }).start();
    expect(restored.getSnapshot().value).toBe('loadingUserInfo');
    await settle();
    expect(again.userInfo.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('shows a configuration error, not a hang, without actors', async () => {
    const actor = createActor(tenantSignUpMachine, { input: {} }).start();
    await settle();
    expect(actor.getSnapshot().value).toBe('loadingFailed');
    expect(actor.getSnapshot().context.error).toMatchObject({ code: 'configuration', message: expect.stringContaining('"getUserInfo"') });
  });
});
