import { createActor, SimulatedClock, type Snapshot } from 'xstate';
import type { MfaPreference, SoftwareTokenSecretCode, Tenant } from '../../../src/api/index.js';
import {
  awsMarketplaceSignUpMachine,
  emailUpdateMachine,
  externalUserLinkMachine,
  mfaSetupMachine,
  signUpMachine,
} from '../../../src/machines/index.js';
import { resendCooldownDelay } from '../../../src/machines/shared/deadlines.js';
import type {
  AwsMarketplaceSignUpInput,
  SignUpInput,
  CodeInput,
  CodeSent,
  ConfirmSignUpInput,
  ConfirmSignUpResult,
  EmailInput,
  EmptyInput,
  MarketplaceLinkInput,
  MarketplaceSignUpInput,
  MarketplaceTenantInput,
  ProviderInput,
  SignUpResult,
} from '../../../src/machines/index.js';
import { controlledActor } from './controlled-actor.js';

/** The simulated clock's time at the start of every test (epoch ms). */
export const T0 = 1_700_000_000_000;

const TOKEN = 'reg-token-1';

/** A simulated clock at {@link T0}: the resend cooldown ends when a test moves it. */
function clockAtT0(): SimulatedClock {
  const clock = new SimulatedClock();
  clock.set(T0);
  return clock;
}

/** Actor options restoring `snapshot` (a persisted snapshot, e.g. parsed JSON), if given. */
function restoring(snapshot: Snapshot<unknown> | undefined): { snapshot?: Snapshot<unknown> } {
  return snapshot === undefined ? {} : { snapshot };
}

/** Starts the machine with controlled actors (and a simulated clock for the cooldown). */
export function startSignUp(input?: SignUpInput, snapshot?: Snapshot<unknown>) {
  const clock = clockAtT0();
  const signUp = controlledActor<SignUpResult, EmailInput>();
  const resend = controlledActor<CodeSent, EmailInput>();
  const confirm = controlledActor<ConfirmSignUpResult, ConfirmSignUpInput>();
  const machine = signUpMachine.provide({
    actors: { signUp: signUp.logic, resendSignUpConfirmationEmail: resend.logic, confirmSignUp: confirm.logic },
    delays: { resendCooldown: resendCooldownDelay(() => clock.now()) },
  });
  const actor = createActor(machine, { input: { resendCooldownMs: 60_000, codeTtlMs: 3_600_000, ...input }, clock, ...restoring(snapshot) }).start();
  return { actor, clock, signUp, resend, confirm };
}

/** Starts the machine with controlled actors (and a simulated clock for the cooldown). */
export function startEmailUpdate(snapshot?: Snapshot<unknown>) {
  const clock = clockAtT0();
  const request = controlledActor<CodeSent, EmailInput>();
  const confirm = controlledActor<void, CodeInput>();
  const machine = emailUpdateMachine.provide({
    actors: { requestEmailUpdate: request.logic, confirmEmailUpdate: confirm.logic },
    delays: { resendCooldown: resendCooldownDelay(() => clock.now()) },
  });
  const actor = createActor(machine, { input: {}, clock, ...restoring(snapshot) }).start();
  return { actor, clock, request, confirm };
}

/** Starts the machine with controlled actors (and a simulated clock for the cooldown). */
export function startLink(snapshot?: Snapshot<unknown>) {
  const clock = clockAtT0();
  const request = controlledActor<CodeSent, EmptyInput>();
  const confirm = controlledActor<void, CodeInput>();
  const unlink = controlledActor<void, ProviderInput>();
  const machine = externalUserLinkMachine.provide({
    actors: { requestExternalUserLink: request.logic, confirmExternalUserLink: confirm.logic, unlinkProvider: unlink.logic },
    delays: { resendCooldown: resendCooldownDelay(() => clock.now()) },
  });
  const actor = createActor(machine, { input: { resendCooldownMs: 30_000 }, clock, ...restoring(snapshot) }).start();
  return { actor, clock, request, confirm, unlink };
}

/** Starts the machine with controlled actors (no cooldown, so no clock). */
export function startMfa(snapshot?: Snapshot<unknown>) {
  const preference = controlledActor<MfaPreference, EmptyInput>();
  const secret = controlledActor<SoftwareTokenSecretCode, EmptyInput>();
  const token = controlledActor<void, CodeInput>();
  const update = controlledActor<void, MfaPreference>();
  const machine = mfaSetupMachine.provide({
    actors: {
      getUserMfaPreference: preference.logic,
      createSecretCode: secret.logic,
      updateSoftwareToken: token.logic,
      updateUserMfaPreference: update.logic,
    },
  });
  const actor = createActor(machine, { input: { accountName: 'ann@example.com' }, ...restoring(snapshot) }).start();
  return { actor, preference, secret, token, update };
}

/** Starts the machine with controlled actors (and a simulated clock for the cooldown). */
export function startMarketplace(input: Partial<AwsMarketplaceSignUpInput> = {}, snapshot?: Snapshot<unknown>) {
  const clock = clockAtT0();
  const signUp = controlledActor<SignUpResult, MarketplaceSignUpInput>();
  const resend = controlledActor<CodeSent, EmailInput>();
  const confirm = controlledActor<ConfirmSignUpResult, ConfirmSignUpInput>();
  const create = controlledActor<Tenant, MarketplaceTenantInput>();
  const link = controlledActor<void, MarketplaceLinkInput>();
  const machine = awsMarketplaceSignUpMachine.provide({
    actors: {
      signUpWithAwsMarketplace: signUp.logic,
      resendSignUpConfirmationEmail: resend.logic,
      confirmSignUp: confirm.logic,
      confirmSignUpWithAwsMarketplace: create.logic,
      linkAwsMarketplace: link.logic,
    },
    delays: { resendCooldown: resendCooldownDelay(() => clock.now()) },
  });
  const actor = createActor(machine, { input: { registrationToken: TOKEN, ...input }, clock, ...restoring(snapshot) }).start();
  return { actor, clock, signUp, resend, confirm, create, link };
}

