import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor, waitFor, type Actor, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { createSaasUserApi } from '../../src/api/index.js';
import { serveEmulator, type EmulatorState, type FaultTarget, type RequestRecord, type UserRecord } from '../../src/emulator/index.js';
import {
  awsMarketplaceSignUpMachine,
  emailUpdateMachine,
  externalUserLinkMachine,
  mfaSetupMachine,
  signUpMachine,
} from '../../src/machines/index.js';
import { createSaasusFlows, type SaasusFlows } from '../../src/services/index.js';
import { createEmulatorWorld, emulatorConfirmSignUp, emulatorSignIn, type EmulatorWorld } from '../../src/testing/index.js';

/*
 * Issue #4, must-show 5, over real HTTP: for every step with a request in flight, `flow.cancel`
 * closes the connection, the served emulator sees its request aborted during the injected
 * latency, and the operation never runs.
 */

/** Injected before each held request; the abort comes long before it ends. */
const LATENCY_MS = 2_000;
const EMAIL = 'ann@example.com';
const NEW_EMAIL = 'ann.new@example.com';

type FlowActor = Actor<AnyStateMachine>;
type FlowEvent = { type: string; [key: string]: unknown };

/** An emulator world whose flows reach the emulator served on 127.0.0.1, over real HTTP. */
async function servedWorld() {
  const world = createEmulatorWorld();
  const served = await serveEmulator(world.emulator, { port: 0 });
  const api = createSaasUserApi({ baseURL: served.url, ...world.emulator.credentials, timeout: 4 * LATENCY_MS, retry: false });
  // The app's confirm step exchanges the callback code over HTTP too (`GET /v1/auth/credentials`).
  const confirmSignUp = emulatorConfirmSignUp(world.emulator, { api, onSession: (session) => void (world.session = session) });
  return { world, flows: createSaasusFlows(api, { ...world.flowOptions, confirmSignUp }), close: served.close };
}

interface AbortCase {
  flow: Exclude<keyof SaasusFlows, 'tenantSignUpMachine'>;
  /** The busy state, top level of the machine. */
  state: string;
  /** The emulator operation its actor calls. */
  operation: FaultTarget;
  /** Seeds the world; returns the machine's input. */
  prepare?(w: EmulatorWorld): unknown;
  /**
   * Brings the started flow next to the step and returns the user action that starts it.
   * Without it the step follows from the start.
   */
  reach?(w: EmulatorWorld, actor: FlowActor): Promise<FlowEvent> | FlowEvent;
  /** What the operation changes on the server; none for a read. */
  effect?(w: EmulatorWorld, state: EmulatorState): unknown;
}

const settle = async (actor: FlowActor, state: string): Promise<void> => {
  await waitFor(actor, (s) => s.matches(state) && !s.hasTag('busy'), { timeout: 5_000 });
};
const submit = async (actor: FlowActor, event: FlowEvent, state: string): Promise<void> => {
  actor.send(event);
  await settle(actor, state);
};
/** Moves time past the resend cooldown (machine and emulator alike). */
const cooldownPassed = async (w: EmulatorWorld, actor: FlowActor, state: string): Promise<void> => {
  w.clock.advance(60_000);
  await waitFor(actor, (s) => s.matches({ [state]: { resend: 'available' } }), { timeout: 5_000 });
};

const email = { type: 'email.submit', email: EMAIL };
const newEmail = { type: 'email.submit', email: NEW_EMAIL };
const linkStart = { type: 'link.start' };
const resend = { type: 'code.resend' };

/** Reach: just the user action that starts the step. */
const by = (event: FlowEvent) => (): FlowEvent => event;
/** Reach: `first` (the flow settles in `state`), then the action `next` gives. */
const after =
  (first: FlowEvent, state: string, next: (w: EmulatorWorld, actor: FlowActor) => FlowEvent) =>
  async (w: EmulatorWorld, actor: FlowActor): Promise<FlowEvent> => {
    await submit(actor, first, state);
    return next(w, actor);
  };
/** Reach: `first` mails a code (the flow waits in `entering`), the cooldown passes, then a resend. */
const resendAfter =
  (first: FlowEvent, entering: string) =>
  async (w: EmulatorWorld, actor: FlowActor): Promise<FlowEvent> => {
    await submit(actor, first, entering);
    await cooldownPassed(w, actor, entering);
    return resend;
  };
/** Reach: the flow settles in `state` by itself, then the action `next` gives. */
const settledIn =
  (state: string, next: (w: EmulatorWorld, actor: FlowActor) => FlowEvent) =>
  async (w: EmulatorWorld, actor: FlowActor): Promise<FlowEvent> => {
    await settle(actor, state);
    return next(w, actor);
  };
const enrollmentStart: FlowEvent = { type: 'enrollment.start' };
/** Reach: the user asks to add an authenticator app, then (with the secret shown) `next`. */
const enrolled = (next: (w: EmulatorWorld, actor: FlowActor) => FlowEvent) => async (w: EmulatorWorld, actor: FlowActor): Promise<FlowEvent> => {
  await settle(actor, 'offeringEnrollment');
  await submit(actor, enrollmentStart, 'showingSecret');
  return next(w, actor);
};

/** The hosted login's callback code for the new user (temporary password, then a new one). */
const callbackCode = (w: EmulatorWorld): FlowEvent => ({
  type: 'confirmation.submit',
  confirmation: { method: 'callbackCode', code: emulatorSignIn(w.emulator, { email: EMAIL, newPassword: 'N3w-passw0rd' }).code },
});
const mailedCode = (to: string) => (w: EmulatorWorld): FlowEvent => ({ type: 'code.submit', code: w.inbox.code(to) });
/** The authenticator's code for the secret the flow shows. */
const authenticatorCode = (w: EmulatorWorld, actor: FlowActor): FlowEvent => ({
  type: 'code.submit',
  code: w.authenticator.code(String(actor.getSnapshot().context.secret)),
});

// Seeds.
const signedUp = async (w: EmulatorWorld): Promise<void> => void (await w.signUpUser(EMAIL));
const marketplace = (w: EmulatorWorld) => ({ registrationToken: w.emulator.control.mintRegistrationToken() });

async function mfaEnabled(w: EmulatorWorld): Promise<void> {
  const { userId, accessToken } = await w.signUpUser(EMAIL);
  const { secret_code } = await w.api.createSecretCode(userId, { access_token: accessToken });
  await w.api.updateSoftwareToken(userId, { access_token: accessToken, verification_code: w.authenticator.code(secret_code) });
  await w.api.updateUserMfaPreference(userId, { enabled: true, method: 'softwareToken' });
}

async function googleLinked(w: EmulatorWorld): Promise<void> {
  const { accessToken } = await w.signUpUser(EMAIL);
  await w.api.requestExternalUserLink({ access_token: accessToken });
  await w.api.confirmExternalUserLink({ access_token: accessToken, code: w.inbox.code(EMAIL) });
}

async function customerWithTenant(w: EmulatorWorld) {
  const { userId } = await w.signUpUser(EMAIL);
  const { id, name } = w.emulator.control.createTenant({ name: 'Acme', userId });
  return { ...marketplace(w), tenants: [{ id, name }] };
}

// What each operation changes on the server.
const userOf = (s: EmulatorState, email: string): UserRecord | undefined => Object.values(s.users).find((u) => u.email === email);
const sessionUser = (w: EmulatorWorld, s: EmulatorState): UserRecord | undefined => s.users[w.session?.userId ?? ''];
/** Users, their mail and temporary password (sign-up, resend). */
const signUpEffect = (_w: EmulatorWorld, s: EmulatorState) => ({ users: Object.keys(s.users), mails: s.outbox.length, temporary: userOf(s, EMAIL)?.temporaryPassword });
/** The callback codes not yet exchanged (the app's confirm step spends one). */
const callbackCodes = (_w: EmulatorWorld, s: EmulatorState) => Object.keys(s.callbackCodes);
const emailChange = (w: EmulatorWorld, s: EmulatorState) => ({ mails: s.outbox.length, email: sessionUser(w, s)?.email, pending: sessionUser(w, s)?.pendingEmailUpdate });
const googleLink = (w: EmulatorWorld, s: EmulatorState) => ({ mails: s.outbox.length, providers: sessionUser(w, s)?.providers, pending: sessionUser(w, s)?.pendingExternalLink });
const authenticatorApp = (w: EmulatorWorld, s: EmulatorState) => ({ pending: sessionUser(w, s)?.pendingSecret, registered: sessionUser(w, s)?.softwareToken });
const mfaPreference = (w: EmulatorWorld, s: EmulatorState) => sessionUser(w, s)?.mfa;
const subscription = (_w: EmulatorWorld, s: EmulatorState) => ({ users: Object.keys(s.users), tenants: s.tenants, tokens: s.registrationTokens });

const cases: AbortCase[] = [
  { flow: 'signUpMachine', state: 'signingUp', operation: 'signUp', reach: by(email), effect: signUpEffect },
  { flow: 'signUpMachine', state: 'resending', operation: 'resendSignUpConfirmationEmail', reach: resendAfter(email, 'awaitingConfirmation'), effect: signUpEffect },
  { flow: 'signUpMachine', state: 'confirming', operation: 'getAuthCredentials', reach: after(email, 'awaitingConfirmation', callbackCode), effect: callbackCodes },

  { flow: 'emailUpdateMachine', state: 'requestingEmailUpdate', operation: 'requestEmailUpdate', prepare: signedUp, reach: by(newEmail), effect: emailChange },
  { flow: 'emailUpdateMachine', state: 'resending', operation: 'requestEmailUpdate', prepare: signedUp, reach: resendAfter(newEmail, 'enteringCode'), effect: emailChange },
  {
    flow: 'emailUpdateMachine',
    state: 'confirmingEmailUpdate',
    operation: 'confirmEmailUpdate',
    prepare: signedUp,
    reach: after(newEmail, 'enteringCode', mailedCode(NEW_EMAIL)),
    effect: emailChange,
  },

  { flow: 'externalUserLinkMachine', state: 'requestingExternalUserLink', operation: 'requestExternalUserLink', prepare: signedUp, reach: by(linkStart), effect: googleLink },
  { flow: 'externalUserLinkMachine', state: 'resending', operation: 'requestExternalUserLink', prepare: signedUp, reach: resendAfter(linkStart, 'enteringCode'), effect: googleLink },
  {
    flow: 'externalUserLinkMachine',
    state: 'confirmingExternalUserLink',
    operation: 'confirmExternalUserLink',
    prepare: signedUp,
    reach: after(linkStart, 'enteringCode', mailedCode(EMAIL)),
    effect: googleLink,
  },
  { flow: 'externalUserLinkMachine', state: 'unlinkingProvider', operation: 'unlinkProvider', prepare: googleLinked, reach: by({ type: 'link.remove' }), effect: googleLink },

  // A read: nothing to change, so only the aborted request and the unchanged state are shown.
  { flow: 'mfaSetupMachine', state: 'loadingPreference', operation: 'getUserMfaPreference', prepare: signedUp },
  { flow: 'mfaSetupMachine', state: 'creatingSecretCode', operation: 'createSecretCode', prepare: signedUp, reach: settledIn('offeringEnrollment', by(enrollmentStart)), effect: authenticatorApp },
  { flow: 'mfaSetupMachine', state: 'updatingSoftwareToken', operation: 'updateSoftwareToken', prepare: signedUp, reach: enrolled(authenticatorCode), effect: authenticatorApp },
  // The code is checked for real (updateSoftwareToken), then the preference update is held.
  { flow: 'mfaSetupMachine', state: 'enablingMfa', operation: 'updateUserMfaPreference', prepare: signedUp, reach: enrolled(authenticatorCode), effect: mfaPreference },
  { flow: 'mfaSetupMachine', state: 'disablingMfa', operation: 'updateUserMfaPreference', prepare: mfaEnabled, reach: settledIn('offeringDisable', by({ type: 'mfa.disable' })), effect: mfaPreference },

  { flow: 'awsMarketplaceSignUpMachine', state: 'signingUp', operation: 'signUpWithAwsMarketplace', prepare: marketplace, reach: by(email), effect: subscription },
  {
    flow: 'awsMarketplaceSignUpMachine',
    state: 'resending',
    operation: 'resendSignUpConfirmationEmail',
    prepare: marketplace,
    reach: resendAfter(email, 'awaitingConfirmation'),
    effect: signUpEffect,
  },
  { flow: 'awsMarketplaceSignUpMachine', state: 'confirming', operation: 'getAuthCredentials', prepare: marketplace, reach: after(email, 'awaitingConfirmation', callbackCode), effect: callbackCodes },
  {
    flow: 'awsMarketplaceSignUpMachine',
    state: 'creatingTenant',
    operation: 'confirmSignUpWithAwsMarketplace',
    prepare: marketplace,
    reach: async (w, actor) => {
      await submit(actor, email, 'awaitingConfirmation');
      await submit(actor, callbackCode(w), 'enteringTenantName');
      return { type: 'tenant.submit', name: 'Acme' };
    },
    effect: subscription,
  },
  {
    flow: 'awsMarketplaceSignUpMachine',
    state: 'linkingTenant',
    operation: 'linkAwsMarketplace',
    prepare: customerWithTenant,
    reach: (_w, actor) => ({ type: 'tenant.choose', tenantId: String(actor.getSnapshot().context.tenants?.[0]?.id) }),
    effect: subscription,
  },
];

/** The id (`<machine>.<state>`) of every state tagged `busy` that invokes an actor, at any depth. */
function busyStates(machine: AnyStateMachine): string[] {
  const found: string[] = [];
  const visit = (node: AnyStateNode): void => {
    if (node.tags.includes('busy') && node.invoke.length > 0) found.push(node.id);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return found;
}

// The tenant sign-up's aborts are tested in test/machines/tenant-sign-up.actors.test.ts until the emulator has the tenant operations.
const machines: Record<Exclude<keyof SaasusFlows, 'tenantSignUpMachine'>, AnyStateMachine> = {
  signUpMachine,
  emailUpdateMachine,
  externalUserLinkMachine,
  mfaSetupMachine,
  awsMarketplaceSignUpMachine,
};

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/**
 * Starts the case's flow and brings it into its step; `beforeStep` runs just before the step
 * starts (before the actor starts when the step follows from the start). Returns the actor and
 * the requests of the step's operation from then on.
 */
async function runToStep(c: AbortCase, beforeStep: (w: EmulatorWorld) => void) {
  const served = await servedWorld();
  closers.push(served.close);
  const w = served.world;
  const input = (await c.prepare?.(w)) ?? {};
  const actor: FlowActor = createActor(served.flows[c.flow] as AnyStateMachine, { input, clock: w.clock });
  closers.push(async () => void actor.stop());
  const requests = (): RequestRecord[] => w.emulator.control.requestLog().filter((r) => r.operation === c.operation);
  let seen = 0;
  const start = (): void => {
    seen = requests().length;
    beforeStep(w);
  };
  if (c.reach === undefined) {
    start();
    actor.start();
  } else {
    actor.start();
    const event = await c.reach(w, actor);
    start();
    actor.send(event);
  }
  return { w, actor, stepRequests: (): RequestRecord[] => requests().slice(seen) };
}

describe('cancelling a request in flight, over HTTP to the served emulator', () => {
  it('has a case for every busy state that invokes a request, in all five machines', () => {
    const busy = Object.values(machines).flatMap(busyStates).sort();
    const covered = cases.map((c) => `${machines[c.flow].id}.${c.state}`).sort();
    expect(covered).toEqual(busy);
  });

  it.each(cases)('$flow: flow.cancel in $state aborts $operation before the emulator runs it', async (c) => {
    const { w, actor, stepRequests } = await runToStep(c, (world) => world.emulator.control.injectFault(c.operation, { latencyMs: LATENCY_MS }));
    await vi.waitFor(() => expect(stepRequests()).toEqual([{ operation: c.operation, outcome: 'inFlight' }]), { interval: 5 });
    expect(actor.getSnapshot().matches(c.state)).toBe(true);
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    const before = w.emulator.control.exportState();

    actor.send({ type: 'flow.cancel' });
    expect(actor.getSnapshot().output).toEqual({ status: 'cancelled' });
    // The emulator notices the closed connection on its own schedule; unaborted, it would answer once the latency ends.
    await vi.waitFor(() => expect(stepRequests()[0]?.outcome).not.toBe('inFlight'), { timeout: 2 * LATENCY_MS, interval: 5 });
    expect(stepRequests()).toEqual([{ operation: c.operation, outcome: 'aborted' }]);

    const after = w.emulator.control.exportState();
    if (c.effect) expect(c.effect(w, after)).toEqual(c.effect(w, before));
    expect(after).toEqual(before);
  });

  // Without this, a no-side-effect check above could pass because it looks at the wrong thing.
  it.each(cases.filter((c) => c.effect !== undefined))('$flow: uncancelled, $operation in $state changes what the abort case checks', async (c) => {
    let before: unknown;
    const { w, stepRequests } = await runToStep(c, (world) => void (before = c.effect?.(world, world.emulator.control.exportState())));
    await vi.waitFor(() => expect(stepRequests()[0]?.outcome).toBe('answered'), { timeout: 5_000, interval: 5 });
    expect(stepRequests()[0]?.status).toBeLessThan(300);
    expect(c.effect?.(w, w.emulator.control.exportState())).not.toEqual(before);
  });
});
