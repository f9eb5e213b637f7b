import { describe, expect, it } from 'vitest';
import { createActor, waitFor, type AnyActorRef } from 'xstate';
import type { StatusMode } from '../../src/emulator/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import { createEmulatorWorld, type EmulatorWorld } from '../../src/testing/index.js';

const DAY = 86_400_000;
const settings: StatusMode[] = ['descriptive', 'documented'];

function flows(world: EmulatorWorld) {
  return createSaasusFlows(world.api, world.flowOptions);
}

const settled = (actor: AnyActorRef) => waitFor(actor, (s) => !s.hasTag('busy'));

describe.each(settings)("the flows on the emulator (statuses: '%s')", (statuses) => {
  const world = () => createEmulatorWorld({ emulator: { statuses } });

  describe('AWS Marketplace', () => {
    it('a signed-in buyer with no tenant names one and confirmSignUpWithAwsMarketplace creates it with their session', async () => {
      const w = world();
      const session = await w.signUpUser('buyer@example.com');
      const registrationToken = w.emulator.control.mintRegistrationToken();
      const actor = createActor(flows(w).awsMarketplaceSignUpMachine, { input: { registrationToken, tenants: [] }, clock: w.clock }).start();
      expect(actor.getSnapshot().value).toEqual({ enteringTenantName: 'editing' });
      actor.send({ type: 'tenant.submit', name: 'Buyer Co' });
      await waitFor(actor, (s) => s.status === 'done');
      expect(actor.getSnapshot().output).toMatchObject({ status: 'tenantCreated', tenant: { name: 'Buyer Co', back_office_staff_email: 'buyer@example.com' } });
      expect(w.emulator.control.userInfo(session.credentials.id_token).tenants.map((t) => t.name)).toEqual(['Buyer Co']);
    });

    it('a customer with tenants may choose one (linkAwsMarketplace) or create a new one', async () => {
      const w = world();
      const session = await w.signUpUser('customer@example.com');
      const tenant = w.emulator.control.createTenant({ name: 'Acme', userId: session.userId });
      const tenants = [{ id: tenant.id, name: tenant.name }];
      const choose = createActor(flows(w).awsMarketplaceSignUpMachine, { input: { registrationToken: w.emulator.control.mintRegistrationToken(), tenants }, clock: w.clock }).start();
      expect(choose.getSnapshot().value).toEqual({ choosingTenant: 'editing' });
      choose.send({ type: 'tenant.choose', tenantId: tenant.id });
      await waitFor(choose, (s) => s.status === 'done');
      expect(choose.getSnapshot().output).toEqual({ status: 'tenantLinked', tenantId: tenant.id });

      const create = createActor(flows(w).awsMarketplaceSignUpMachine, { input: { registrationToken: w.emulator.control.mintRegistrationToken(), tenants }, clock: w.clock }).start();
      create.send({ type: 'tenant.create' });
      expect(create.getSnapshot().value).toEqual({ enteringTenantName: 'editing' });
      create.send({ type: 'tenant.submit', name: 'Second Co' });
      await waitFor(create, (s) => s.status === 'done');
      expect(create.getSnapshot().output).toMatchObject({ status: 'tenantCreated', tenant: { name: 'Second Co' } });
      expect(w.emulator.control.userInfo(session.credentials.id_token).tenants.map((t) => t.name).sort()).toEqual(['Acme', 'Second Co']);
    });

    it('a used registration token ends as invalidToken, whatever status it is answered with', async () => {
      const w = world();
      await w.signUpUser('buyer@example.com');
      const registrationToken = w.emulator.control.mintRegistrationToken();
      const first = createActor(flows(w).awsMarketplaceSignUpMachine, { input: { registrationToken, tenants: [] }, clock: w.clock }).start();
      first.send({ type: 'tenant.submit', name: 'One' });
      await waitFor(first, (s) => s.status === 'done');
      const again = createActor(flows(w).awsMarketplaceSignUpMachine, { input: { registrationToken, tenants: [] }, clock: w.clock }).start();
      again.send({ type: 'tenant.submit', name: 'Two' });
      await waitFor(again, (s) => s.status === 'done');
      expect(again.getSnapshot().output).toMatchObject({ status: 'invalidToken', error: { code: 'invalid_registration_token', retryable: false } });
    });
  });

  describe('MFA', () => {
    it('loading the flow creates no secret; enrollment.start does', async () => {
      const w = world();
      const session = await w.signUpUser('mfa@example.com');
      const actor = createActor(flows(w).mfaSetupMachine, { input: { accountName: 'mfa@example.com' }, clock: w.clock }).start();
      await settled(actor);
      expect(actor.getSnapshot().value).toBe('offeringEnrollment');
      expect(w.emulator.control.exportState().users[session.userId]?.pendingSecret).toBeUndefined();
      expect(w.emulator.control.requestLog().map((r) => r.operation)).not.toContain('createSecretCode');
      actor.send({ type: 'enrollment.start' });
      await settled(actor);
      expect(actor.getSnapshot().value).toEqual({ showingSecret: 'idle' });
      expect(w.emulator.control.exportState().users[session.userId]?.pendingSecret).toBeDefined();
    });
  });

  describe('sign-up', () => {
    it('codeExpiresAt is the mail time plus the temporary password validity: 7 days by default, or the configured days', async () => {
      const w = world();
      const byDefault = createActor(flows(w).signUpMachine, { clock: w.clock, input: {} }).start();
      byDefault.send({ type: 'email.submit', email: 'ann@example.com' });
      await settled(byDefault);
      const { sentAt, codeExpiresAt } = byDefault.getSnapshot().context;
      expect(codeExpiresAt).toBe((sentAt ?? NaN) + 7 * DAY);
      const configured = createActor(flows(w).signUpMachine, { clock: w.clock, input: { temporaryPasswordValidityDays: w.emulator.passwordPolicy.temporaryPasswordValidityDays + 2 } }).start();
      configured.send({ type: 'email.submit', email: 'bob@example.com' });
      await settled(configured);
      const context = configured.getSnapshot().context;
      expect(context.codeExpiresAt).toBe((context.sentAt ?? NaN) + 9 * DAY);
    });

    it('reports the sign-up it abandoned when the address is changed after signing up', async () => {
      const w = world();
      const actor = createActor(flows(w).signUpMachine, { clock: w.clock, input: {} }).start();
      actor.send({ type: 'email.submit', email: 'typo@example.con' });
      await settled(actor);
      const userId = actor.getSnapshot().context.userId;
      actor.send({ type: 'email.change' });
      expect(actor.getSnapshot().context.abandonedSignUps).toEqual([{ email: 'typo@example.con', userId }]);
      actor.send({ type: 'flow.cancel' });
      expect(actor.getSnapshot().output).toEqual({ status: 'cancelled', abandonedSignUps: [{ email: 'typo@example.con', userId }] });
      expect(JSON.parse(JSON.stringify(actor.getSnapshot().output))).toEqual(actor.getSnapshot().output);
      // The unconfirmed user is still on SaaSus until the back end deletes it.
      await expect(w.api.deleteSaasUser(userId ?? '')).resolves.not.toThrow();
    });
  });
});
