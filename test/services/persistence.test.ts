import { describe, expect, it } from 'vitest';
import { createActor, type AnyActorRef, type AnyStateMachine, type Snapshot } from 'xstate';
import { persistFlow } from '../../src/machines/index.js';
import { createEmulatorFlows, settled } from './support/emulator-flows.js';

type World = ReturnType<typeof createEmulatorFlows>;

/** A user action (or a move of time) the script takes; the flow then settles. */
interface Step {
  name: string;
  run(world: World, actor: AnyActorRef, memo: Memo): void;
}

interface Memo {
  /** The newest TOTP secret the MFA flow showed (it leaves the context after showing). */
  secret?: string;
}

interface FlowScript {
  name: string;
  prepare(world: World): Promise<{ machine: AnyStateMachine; input: unknown }>;
  steps: Step[];
  output: unknown;
  /** Checks the server side once the flow finished. */
  check?(world: World): void;
}

const EMAIL = 'ann@example.com';
const NEW_EMAIL = 'ann.new@example.com';

const send = (event: { type: string; [key: string]: unknown }): Step['run'] => (_world, actor) => actor.send(event);
const wrong = (code: string): string => (code === '000000' ? '111111' : '000000');

const signUpSteps: Step[] = [
  { name: 'email.submit', run: send({ type: 'email.submit', email: EMAIL }) },
  {
    name: 'confirmation.submit (wrong temporary password)',
    run: (world, actor) =>
      actor.send({
        type: 'confirmation.submit',
        confirmation: { method: 'newPassword', temporaryPassword: world.remember('Wrong#Temp1'), newPassword: world.remember('N3w#Passw0rd') },
      }),
  },
  {
    name: 'confirmation.submit',
    run: (world, actor) =>
      actor.send({
        type: 'confirmation.submit',
        confirmation: { method: 'newPassword', temporaryPassword: world.temporaryPassword(EMAIL), newPassword: world.remember('N3w#Passw0rd') },
      }),
  },
];

const scripts: FlowScript[] = [
  {
    name: 'signUp',
    prepare: async (world) => ({ machine: world.flows.signUpMachine, input: {} }),
    steps: signUpSteps,
    output: { status: 'confirmed', userId: expect.any(String), email: EMAIL },
  },
  {
    name: 'signUp with a resend',
    prepare: async (world) => ({ machine: world.flows.signUpMachine, input: {} }),
    steps: [
      signUpSteps[0] as Step,
      { name: 'code.resend during the cooldown (queued)', run: send({ type: 'code.resend' }) },
      { name: 'the cooldown passes', run: (world) => world.advance(60_000) },
      // After a restore the queued resend is gone: the user asks again, and it goes out at once.
      { name: 'code.resend', run: send({ type: 'code.resend' }) },
      signUpSteps[2] as Step,
    ],
    output: { status: 'confirmed', userId: expect.any(String), email: EMAIL },
    check: (world) => expect(world.emulator.control.outbox({ to: EMAIL }).map((m) => m.template)).toEqual(['signUp', 'resendCode']),
  },
  {
    name: 'emailUpdate',
    prepare: async (world) => {
      await world.signUpUser(EMAIL);
      return { machine: world.flows.emailUpdateMachine, input: {} };
    },
    steps: [
      { name: 'email.submit', run: send({ type: 'email.submit', email: NEW_EMAIL }) },
      { name: 'code.submit (wrong)', run: (world, actor) => actor.send({ type: 'code.submit', code: wrong(world.code(NEW_EMAIL)) }) },
      { name: 'code.submit', run: (world, actor) => actor.send({ type: 'code.submit', code: world.code(NEW_EMAIL) }) },
    ],
    output: { status: 'updated', email: NEW_EMAIL },
  },
  {
    name: 'externalUserLink',
    prepare: async (world) => {
      await world.signUpUser(EMAIL);
      return { machine: world.flows.externalUserLinkMachine, input: {} };
    },
    steps: [
      { name: 'link.start', run: send({ type: 'link.start' }) },
      { name: 'code.submit (wrong)', run: (world, actor) => actor.send({ type: 'code.submit', code: wrong(world.code(EMAIL)) }) },
      { name: 'code.submit', run: (world, actor) => actor.send({ type: 'code.submit', code: world.code(EMAIL) }) },
    ],
    output: { status: 'linked', provider: 'Google' },
  },
  {
    name: 'externalUserLink (unlink)',
    prepare: async (world) => {
      const { accessToken } = await world.signUpUser(EMAIL);
      await world.api.requestExternalUserLink({ access_token: accessToken });
      await world.api.confirmExternalUserLink({ access_token: accessToken, code: world.code(EMAIL) });
      return { machine: world.flows.externalUserLinkMachine, input: {} };
    },
    steps: [{ name: 'link.remove', run: send({ type: 'link.remove' }) }],
    output: { status: 'unlinked', provider: 'Google' },
  },
  {
    name: 'mfaSetup (enable)',
    prepare: async (world) => {
      await world.signUpUser(EMAIL);
      return { machine: world.flows.mfaSetupMachine, input: { accountName: EMAIL } };
    },
    steps: [
      { name: 'enrollment.start', run: send({ type: 'enrollment.start' }) },
      { name: 'code.submit (wrong)', run: (world, actor, memo) => actor.send({ type: 'code.submit', code: wrong(world.totp(memo.secret ?? '')) }) },
      { name: 'code.submit', run: (world, actor, memo) => actor.send({ type: 'code.submit', code: world.totp(memo.secret ?? '') }) },
    ],
    output: { status: 'enabled', method: 'softwareToken' },
  },
  {
    name: 'mfaSetup (disable)',
    prepare: async (world) => {
      const { userId, accessToken } = await world.signUpUser(EMAIL);
      const { secret_code } = await world.api.createSecretCode(userId, { access_token: accessToken });
      await world.api.updateSoftwareToken(userId, { access_token: accessToken, verification_code: world.totp(world.remember(secret_code)) });
      await world.api.updateUserMfaPreference(userId, { enabled: true, method: 'softwareToken' });
      return { machine: world.flows.mfaSetupMachine, input: { accountName: EMAIL } };
    },
    steps: [{ name: 'mfa.disable', run: send({ type: 'mfa.disable' }) }],
    output: { status: 'disabled' },
  },
  {
    name: 'awsMarketplaceSignUp (new buyer)',
    prepare: async (world) => ({
      machine: world.flows.awsMarketplaceSignUpMachine,
      input: { registrationToken: world.emulator.control.mintRegistrationToken() },
    }),
    steps: [
      signUpSteps[0] as Step,
      signUpSteps[2] as Step,
      { name: 'tenant.submit', run: send({ type: 'tenant.submit', name: 'Acme' }) },
    ],
    output: { status: 'tenantCreated', tenant: expect.objectContaining({ name: 'Acme' }) },
  },
  {
    name: 'awsMarketplaceSignUp (existing customer)',
    prepare: async (world) => {
      const { userId } = await world.signUpUser(EMAIL);
      const tenant = world.emulator.control.createTenant({ name: 'Acme', userId });
      return {
        machine: world.flows.awsMarketplaceSignUpMachine,
        input: { registrationToken: world.emulator.control.mintRegistrationToken(), tenants: [{ id: tenant.id, name: tenant.name }] },
      };
    },
    steps: [{ name: 'tenant.choose', run: (_world, actor) => actor.send({ type: 'tenant.choose', tenantId: actor.getSnapshot().context.tenants[0].id }) }],
    output: { status: 'tenantLinked', tenantId: expect.any(String) },
  },
  {
    name: 'awsMarketplaceSignUp (invalid token)',
    prepare: async (world) => ({ machine: world.flows.awsMarketplaceSignUpMachine, input: { registrationToken: 'not-minted' } }),
    steps: [signUpSteps[0] as Step],
    output: { status: 'invalidToken', error: expect.objectContaining({ code: 'invalid_registration_token' }) },
  },
];

function startActor(world: World, machine: AnyStateMachine, input: unknown, memo: Memo, snapshot?: Snapshot<unknown>): AnyActorRef {
  const actor = createActor(machine, { input, clock: world.clock, ...(snapshot === undefined ? {} : { snapshot }) });
  actor.subscribe((s: { context: { secret?: unknown } }) => {
    if (typeof s.context.secret === 'string') memo.secret = world.remember(s.context.secret);
  });
  return actor.start();
}

async function runStep(world: World, actor: AnyActorRef, memo: Memo, step: Step): Promise<void> {
  step.run(world, actor, memo);
  world.clock.advance(0); // delays of 0 ms fire on the next tick of a real clock
  await settled(actor);
}

function leakedSecrets(world: World, json: string): string[] {
  // Short numeric secrets (codes) are searched as JSON strings, so timestamps cannot match them.
  return [...world.secrets].filter((secret) => (/^\d{1,8}$/.test(secret) ? json.includes(`"${secret}"`) : json.includes(secret)));
}

describe('persistFlow with restore', () => {
  for (const script of scripts) {
    for (let checkpoint = 0; checkpoint < script.steps.length; checkpoint += 1) {
      const at = checkpoint === 0 ? 'the start' : `after ${script.steps[checkpoint - 1]?.name ?? ''}`;
      it(`${script.name}: restores at ${at}, finishes the flow, and stores no secret`, async () => {
        const world = createEmulatorFlows();
        const { machine, input } = await script.prepare(world);
        const memo: Memo = {};
        const first = startActor(world, machine, input, memo);
        await settled(first);
        for (const step of script.steps.slice(0, checkpoint)) await runStep(world, first, memo, step);
        const before = first.getSnapshot();
        expect(before.status).toBe('active');

        const json = JSON.stringify(persistFlow(first));
        first.stop();
        expect(leakedSecrets(world, json)).toEqual([]);

        const restored = startActor(world, machine, input, memo, JSON.parse(json) as Snapshot<unknown>);
        if (before.context.secret === undefined) expect(restored.getSnapshot().value).toEqual(before.value);
        await settled(restored);
        for (const step of script.steps.slice(checkpoint)) await runStep(world, restored, memo, step);
        expect(restored.getSnapshot().status).toBe('done');
        expect(restored.getSnapshot().output).toEqual(script.output);
        script.check?.(world);
      });
    }
  }
});
