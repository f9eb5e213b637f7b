import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Tenant } from '../../src/api/index.js';
import { awsMarketplaceSignUpMachine } from '../../src/machines/index.js';
import { apiFailure, networkFailure, settle } from './support/controlled-actor.js';
import { startMarketplace, T0 } from './support/harness.js';

const TOKEN = 'reg-token-1';
const TENANT: Tenant = { id: 't1', name: 'Acme', attributes: {}, back_office_staff_email: 'ann@example.com', plan_histories: [] };
const TENANTS = [{ id: 't1', name: 'Acme' }, { id: 't2', name: 'Beta' }];

type MarketplaceFlow = ReturnType<typeof startMarketplace>;

async function toEnteringTenantName(flow: MarketplaceFlow) {
  flow.actor.send({ type: 'email.submit', email: 'ann@example.com' });
  flow.signUp.last().resolve({ userId: 'u1', sentAt: T0 });
  await settle();
  flow.actor.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'cb-1' } });
  flow.confirm.last().resolve({ userId: 'u1' });
  await settle();
}

describe('awsMarketplaceSignUpMachine', () => {
  it('starts a new buyer in enteringEmail', () => {
    const { actor } = startMarketplace();
    expect(actor.getSnapshot().value).toEqual({ enteringEmail: 'editing' });
  });

  it('ends as invalidToken at once when the token is missing', () => {
    const { actor } = startMarketplace({ registrationToken: ' ' });
    expect(actor.getSnapshot().value).toBe('invalidToken');
    expect(actor.getSnapshot().output).toMatchObject({ status: 'invalidToken', error: { code: 'invalid_input' } });
  });

  it('signs up with the registration token and waits for confirmation', async () => {
    const flow = startMarketplace();
    flow.actor.send({ type: 'email.submit', email: 'ann@example.com' });
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(flow.signUp.last().input).toEqual({ email: 'ann@example.com', registrationToken: TOKEN });
    flow.actor.send({ type: 'email.submit', email: 'ann@example.com' });
    expect(flow.signUp.calls).toHaveLength(1);
    flow.signUp.last().resolve({ userId: 'u1', sentAt: T0 });
    await settle();
    expect(flow.actor.getSnapshot().matches('awaitingConfirmation')).toBe(true);
    expect(flow.actor.getSnapshot().context.resendAvailableAt).toBe(T0 + 60_000);
  });

  it('ends as invalidToken when the server refuses the token', async () => {
    const flow = startMarketplace();
    flow.actor.send({ type: 'email.submit', email: 'ann@example.com' });
    flow.signUp.last().reject(apiFailure('invalid_registration_token', { data: { reason: 'used' } }));
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({
      status: 'invalidToken',
      error: { code: 'invalid_registration_token', message: 'failure: invalid_registration_token', retryable: false },
    });
  });

  it('creates the tenant after confirmation and outputs it', async () => {
    const flow = startMarketplace({ tenantName: 'Acme' });
    await toEnteringTenantName(flow);
    expect(flow.actor.getSnapshot().value).toEqual({ enteringTenantName: 'editing' });
    flow.actor.send({ type: 'tenant.submit', name: ' Acme ' });
    expect(flow.actor.getSnapshot().value).toBe('creatingTenant');
    expect(flow.create.last().input).toEqual({ registrationToken: TOKEN, tenantName: 'Acme' });
    flow.create.last().resolve(TENANT);
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'tenantCreated', tenant: TENANT });
  });

  it('retries tenant creation after a retryable failure and ends as invalidToken on a refused token', async () => {
    const flow = startMarketplace();
    await toEnteringTenantName(flow);
    flow.actor.send({ type: 'tenant.submit', name: '' });
    expect(flow.create.last().input).toEqual({ registrationToken: TOKEN });
    flow.create.last().reject(networkFailure());
    await settle();
    expect(flow.actor.getSnapshot().value).toEqual({ enteringTenantName: 'failed' });
    flow.actor.send({ type: 'flow.retry' });
    expect(flow.create.calls).toHaveLength(2);
    flow.create.last().reject(apiFailure('invalid_registration_token'));
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('invalidToken');
  });

  it('shows a failed confirmation and resends after the cooldown', async () => {
    const flow = startMarketplace();
    flow.actor.send({ type: 'email.submit', email: 'ann@example.com' });
    flow.signUp.last().resolve({ userId: 'u1', sentAt: T0 });
    await settle();
    flow.actor.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'bad' } });
    flow.confirm.last().reject(apiFailure('code_mismatch', { data: { attempts_left: 3 } }));
    await settle();
    expect(flow.actor.getSnapshot().matches({ awaitingConfirmation: { feedback: 'failed' } })).toBe(true);
    flow.clock.increment(60_000);
    flow.actor.send({ type: 'code.resend' });
    expect(flow.resend.last().input).toEqual({ email: 'ann@example.com' });
  });

  it('lets an existing customer choose a tenant and links the purchase to it', async () => {
    const flow = startMarketplace({ tenants: TENANTS });
    expect(flow.actor.getSnapshot().value).toEqual({ choosingTenant: 'editing' });
    flow.actor.send({ type: 'tenant.choose', tenantId: 'nope' });
    expect(flow.actor.getSnapshot().value).toEqual({ choosingTenant: 'failed' });
    expect(flow.link.calls).toHaveLength(0);
    flow.actor.send({ type: 'tenant.choose', tenantId: 't2' });
    expect(flow.actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(flow.link.last().input).toEqual({ registrationToken: TOKEN, tenantId: 't2' });
    flow.link.last().resolve();
    await settle();
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'tenantLinked', tenantId: 't2' });
  });

  it('retries a failed link and ends as invalidToken on a refused token', async () => {
    const flow = startMarketplace({ tenants: TENANTS });
    flow.actor.send({ type: 'tenant.choose', tenantId: 't1' });
    flow.link.last().reject(networkFailure());
    await settle();
    expect(flow.actor.getSnapshot().value).toEqual({ choosingTenant: 'failed' });
    flow.actor.send({ type: 'flow.retry' });
    flow.link.last().reject(apiFailure('invalid_registration_token'));
    await settle();
    expect(flow.actor.getSnapshot().value).toBe('invalidToken');
  });

  it('aborts tenant creation when cancelled', async () => {
    const flow = startMarketplace();
    await toEnteringTenantName(flow);
    flow.actor.send({ type: 'tenant.submit', name: 'Acme' });
    flow.actor.send({ type: 'flow.cancel' });
    expect(flow.create.last().signal.aborted).toBe(true);
    expect(flow.actor.getSnapshot().output).toEqual({ status: 'cancelled' });
  });

  it('shows a configuration error when used without its actors', async () => {
    const actor = createActor(awsMarketplaceSignUpMachine, { input: { registrationToken: TOKEN, tenants: TENANTS } }).start();
    actor.send({ type: 'tenant.choose', tenantId: 't1' });
    await settle();
    expect(actor.getSnapshot().value).toEqual({ choosingTenant: 'failed' });
    expect(actor.getSnapshot().context.error?.code).toBe('configuration');
  });
});
