import { describe, expect, it } from 'vitest';
import { createActor, type AnyActorRef, type AnyStateMachine } from 'xstate';
import type { MfaPreference } from '../../src/api/index.js';
import { createSaasusFlows, type SaasusFlows } from '../../src/services/index.js';
import { settle } from '../machines/support/controlled-actor.js';
import { createFakeFlowsApi } from './support/fake-flows-api.js';

interface AbortCase {
  flow: keyof SaasusFlows;
  state: string;
  op: string;
  input?: unknown;
  mfa?: MfaPreference;
  events: Array<{ type: string; [key: string]: unknown }>;
}

const email = { type: 'email.submit', email: 'ann@example.com' };
const confirmation = { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'cb' } };
const code = { type: 'code.submit', code: '123456' };
const resend = { type: 'code.resend' };
const token = { registrationToken: 'reg-1', resendCooldownMs: 0 };

const cases: AbortCase[] = [
  { flow: 'signUpMachine', state: 'signingUp', op: 'signUp', events: [email] },
  { flow: 'signUpMachine', state: 'resending', op: 'resendSignUpConfirmationEmail', input: { resendCooldownMs: 0 }, events: [email, resend] },
  { flow: 'signUpMachine', state: 'confirming', op: 'confirmSignUp', events: [email, confirmation] },
  { flow: 'emailUpdateMachine', state: 'requestingEmailUpdate', op: 'requestEmailUpdate', events: [email] },
  { flow: 'emailUpdateMachine', state: 'confirmingEmailUpdate', op: 'confirmEmailUpdate', events: [email, code] },
  { flow: 'externalUserLinkMachine', state: 'requestingExternalUserLink', op: 'requestExternalUserLink', events: [{ type: 'link.start' }] },
  { flow: 'externalUserLinkMachine', state: 'confirmingExternalUserLink', op: 'confirmExternalUserLink', events: [{ type: 'link.start' }, code] },
  { flow: 'externalUserLinkMachine', state: 'unlinkingProvider', op: 'unlinkProvider', events: [{ type: 'link.remove' }] },
  { flow: 'mfaSetupMachine', state: 'loadingPreference', op: 'getUserMfaPreference', events: [] },
  { flow: 'mfaSetupMachine', state: 'creatingSecretCode', op: 'createSecretCode', events: [{ type: 'enrollment.start' }] },
  { flow: 'mfaSetupMachine', state: 'updatingSoftwareToken', op: 'updateSoftwareToken', events: [{ type: 'enrollment.start' }, code] },
  { flow: 'mfaSetupMachine', state: 'enablingMfa', op: 'updateUserMfaPreference', events: [{ type: 'enrollment.start' }, code] },
  {
    flow: 'mfaSetupMachine',
    state: 'disablingMfa',
    op: 'updateUserMfaPreference',
    mfa: { enabled: true, method: 'softwareToken' },
    events: [{ type: 'mfa.disable' }],
  },
  { flow: 'awsMarketplaceSignUpMachine', state: 'signingUp', op: 'signUpWithAwsMarketplace', input: token, events: [email] },
  { flow: 'awsMarketplaceSignUpMachine', state: 'resending', op: 'resendSignUpConfirmationEmail', input: token, events: [email, resend] },
  { flow: 'awsMarketplaceSignUpMachine', state: 'confirming', op: 'confirmSignUp', input: token, events: [email, confirmation] },
  {
    flow: 'awsMarketplaceSignUpMachine',
    state: 'creatingTenant',
    op: 'confirmSignUpWithAwsMarketplace',
    input: token,
    events: [email, confirmation, { type: 'tenant.submit', name: 'Acme' }],
  },
  {
    flow: 'awsMarketplaceSignUpMachine',
    state: 'linkingTenant',
    op: 'linkAwsMarketplace',
    input: { ...token, tenants: [{ id: 't1', name: 'Acme' }] },
    events: [{ type: 'tenant.choose', tenantId: 't1' }],
  },
];

describe('cancelling a request in flight', () => {
  it.each(cases)('$flow: flow.cancel in $state aborts $op', async ({ flow, state, op, input, mfa, events }) => {
    const fake = createFakeFlowsApi(mfa ? { mfa } : {});
    fake.hold(op);
    const flows = createSaasusFlows(fake.api, { session: () => ({ userId: 'u1', accessToken: 'token' }), confirmSignUp: fake.confirmSignUp, now: () => 0 });
    const machine: AnyStateMachine = flows[flow];
    const actor: AnyActorRef = createActor(machine, { input: input ?? {} }).start();
    await settle();
    for (const event of events) {
      actor.send(event);
      await settle();
    }
    expect(actor.getSnapshot().value).toBe(state);
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    const call = fake.callsOf(op).at(-1);
    expect(call?.signal?.aborted).toBe(false);

    actor.send({ type: 'flow.cancel' });
    await settle();
    expect(call?.signal?.aborted).toBe(true);
    expect(actor.getSnapshot().output).toEqual({ status: 'cancelled' });
  });
});
