import { describe, expect, it } from 'vitest';
import { FlowStoreUnavailableError, memoryFlowStore, type FlowStore, type MemoryFlowEntry } from '../../src/server/index.js';
import { call, createEmulatorWorld, endpointOn, type Sessions } from './endpoint-world.js';

function setup(options: { settleTimeoutMs?: number } = {}) {
  const world = createEmulatorWorld();
  const sessions: Sessions = new Map();
  const storage = new Map<string, MemoryFlowEntry>();
  const store = memoryFlowStore({ ttlMs: 60_000, storage });
  const errors: unknown[] = [];
  const endpoint = endpointOn(world, sessions, store, { basePath: '/flows', onError: (error) => errors.push(error), ...options });
  const storedBytes = () => [...storage.values()].map((entry) => entry.snapshotJson).join('\n');
  return { world, sessions, store, storage, endpoint, errors, storedBytes };
}

describe('createFlowEndpoint on the emulator, memory store', () => {
  it('runs a whole sign-up: start, e-mail, confirmation with the mailed temporary password; stores no password', async () => {
    const { world, endpoint, sessions, storedBytes, errors } = setup();
    const started = await call(endpoint, 'POST', '/flows/signUp', 'sess-1', {});
    expect(started.status).toBe(201);
    const id = started.body.id!;
    expect(started.body.view).toMatchObject({ id, flow: 'signUp', value: { enteringEmail: 'editing' }, status: 'active', version: 1 });

    const submitted = await call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'sess-1', { type: 'email.submit', email: 'ann@example.com' });
    expect(submitted.status).toBe(200);
    const view = submitted.body.view!;
    expect(view.value).toMatchObject({ awaitingConfirmation: { resend: 'coolingDown', feedback: 'idle' } });
    expect(view.context).toMatchObject({ email: 'ann@example.com' });
    expect(view.deadlines.resendAvailableAt).toBeGreaterThan(0);
    expect(view.tags).toEqual([]);

    const temporaryPassword = world.inbox.temporaryPassword('ann@example.com');
    const newPassword = 'N3w-Passw0rd!x';
    const confirmed = await call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'sess-1', {
      type: 'confirmation.submit',
      confirmation: { method: 'newPassword', temporaryPassword, newPassword },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.view).toMatchObject({ value: 'confirmed', status: 'done', output: { status: 'confirmed', email: 'ann@example.com' } });
    expect(sessions.get('sess-1')?.userId).toBe((confirmed.body.view!.output as { userId: string }).userId);

    const read = await call(endpoint, 'GET', `/flows/signUp/${id}`, 'sess-1');
    expect(read.status).toBe(200);
    expect(read.body.view).toMatchObject({ value: 'confirmed', status: 'done', version: confirmed.body.view!.version });
    const bytes = storedBytes() + JSON.stringify([started, submitted, confirmed, read]);
    expect(bytes).not.toContain(temporaryPassword);
    expect(bytes).not.toContain(newPassword);
    expect(bytes).not.toContain(sessions.get('sess-1')!.accessToken);
    expect(errors).toEqual([]);
  });

  it('answers 401 without a subject, 404 to another subject, for unknown ids and unknown flows', async () => {
    const { endpoint } = setup();
    expect((await call(endpoint, 'POST', '/flows/signUp', undefined, {})).status).toBe(401);
    const { id } = (await call(endpoint, 'POST', '/flows/signUp', 'owner', {})).body;
    for (const answer of [
      await call(endpoint, 'GET', `/flows/signUp/${id}`, 'someone-else'),
      await call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'someone-else', { type: 'flow.cancel' }),
      await call(endpoint, 'GET', '/flows/signUp/no-such-flow', 'owner'),
      await call(endpoint, 'POST', '/flows/signUp/no-such-flow/events', 'owner', { type: 'flow.cancel' }),
      await call(endpoint, 'POST', '/flows/passwordReset', 'owner', {}),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.type).toBe('flow_not_found');
    }
    expect((await call(endpoint, 'GET', `/flows/signUp/${id}`, 'owner')).status).toBe(200);
    expect((await call(endpoint, 'GET', `/elsewhere/signUp/${id}`, 'owner')).status).toBe(404);
    expect((await call(endpoint, 'GET', '/flows/signUp', 'owner')).status).toBe(405);
  });

  it('answers 400 invalid_event to bad events and keeps the flow as it was', async () => {
    const { endpoint, errors } = setup();
    const { id, view } = (await call(endpoint, 'POST', '/flows/signUp', 'me', { email: 'bob@example.com' })).body;
    const events: unknown[] = ['not json', 42, [], { type: 42 }, { type: 'no.such.event' }, { type: 'xstate.done.actor.signUp', output: {} }, { email: 'x@example.com' }];
    for (const event of events) {
      const answer = await call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'me', event);
      expect(answer.status, JSON.stringify(event)).toBe(400);
      expect(answer.body.type).toBe('invalid_event');
    }
    // A payload the machine refuses is the machine's business: shown as the step's error.
    const refused = await call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'me', { type: 'email.submit', email: 12 });
    expect([200, 400]).toContain(refused.status);
    const after = await call(endpoint, 'GET', `/flows/signUp/${id}`, 'me');
    expect(after.body.view!.value).toMatchObject({ enteringEmail: expect.any(String) });
    const done = await call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'me', { type: 'email.submit', email: 'bob@example.com' });
    expect(done.body.view!.value).toMatchObject({ awaitingConfirmation: expect.anything() });
    expect(view!.context).toMatchObject({ email: 'bob@example.com' });
    expect(errors).toEqual([]);
  });

  it('of two events racing on one version applies exactly one; the other gets 409 with the current view', async () => {
    const { world, endpoint } = setup();
    const { id } = (await call(endpoint, 'POST', '/flows/signUp', 'me', {})).body;
    world.emulator.control.injectFault('signUp', { latencyMs: 30 });
    const [a, b] = await Promise.all([
      call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'me', { type: 'email.submit', email: 'race@example.com' }),
      call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'me', { type: 'email.submit', email: 'race@example.com' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.body.type).toBe('conflict');
    expect(lost.body.view).toMatchObject({ id, flow: 'signUp' });
    // The user was created once: the losing copy never reached SaaSus.
    expect(world.emulator.control.requestLog().filter((r) => r.operation === 'signUp')).toHaveLength(1);
    expect(world.emulator.control.outbox({ to: 'race@example.com' })).toHaveLength(1);
  });

  it('aborts a request that does not settle in time and shows a retryable timeout in the step', async () => {
    const { world, endpoint } = setup({ settleTimeoutMs: 100 });
    const { id } = (await call(endpoint, 'POST', '/flows/signUp', 'me', {})).body;
    world.emulator.control.injectFault('signUp', { latencyMs: 2_000 });
    const slow = await call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'me', { type: 'email.submit', email: 'slow@example.com' });
    expect(slow.status).toBe(200);
    expect(slow.body.view).toMatchObject({ value: { enteringEmail: 'failed' }, tags: ['error'], error: { code: 'timeout', retryable: true } });
    expect(world.emulator.control.requestLog().filter((r) => r.operation === 'signUp').map((r) => r.outcome)).toEqual(['aborted']);
    world.emulator.control.clearFaults();
    const retried = await call(endpoint, 'POST', `/flows/signUp/${id}/events`, 'me', { type: 'flow.retry' });
    expect(retried.body.view!.value).toMatchObject({ awaitingConfirmation: expect.anything() });
  });

  it('answers 503 store_unavailable while the store cannot be reached and leaves the flow unchanged', async () => {
    const world = createEmulatorWorld();
    const inner = memoryFlowStore({ ttlMs: 60_000 });
    let down = false;
    const guard = <T>(call: () => Promise<T>) => (down ? Promise.reject(new FlowStoreUnavailableError()) : call());
    const store: FlowStore = {
      get: (id) => guard(() => inner.get(id)),
      create: (record) => guard(() => inner.create(record)),
      replace: (id, version, record) => guard(() => inner.replace(id, version, record)),
      delete: (id) => guard(() => inner.delete(id)),
    };
    const endpoint = endpointOn(world, new Map(), store);
    const { id } = (await call(endpoint, 'POST', '/signUp', 'me', {})).body;
    down = true;
    const refused = await call(endpoint, 'POST', `/signUp/${id}/events`, 'me', { type: 'email.submit', email: 'down@example.com' });
    expect(refused).toEqual({ status: 503, body: { type: 'store_unavailable', message: expect.any(String) } });
    expect((await call(endpoint, 'POST', '/signUp', 'me', {})).status).toBe(503);
    down = false;
    expect((await inner.get(id!))?.version).toBe(1);
    const resumed = await call(endpoint, 'POST', `/signUp/${id}/events`, 'me', { type: 'email.submit', email: 'down@example.com' });
    expect(resumed.body.view!.value).toMatchObject({ awaitingConfirmation: expect.anything() });
  });

  it('MFA: the secret is in the answer that created it only; the stored flow takes the code on any restore', async () => {
    const { world, endpoint, sessions, storedBytes } = setup();
    sessions.set('mfa', await world.signUpUser('mfa@example.com'));
    const started = await call(endpoint, 'POST', '/flows/mfaSetup', 'mfa', { accountName: 'mfa@example.com' });
    expect(started.status).toBe(201);
    const { id } = started.body;
    // Loading the flow creates no secret: the user asks for one.
    expect(started.body.view!.value).toBe('offeringEnrollment');
    expect(started.body.view!.secret).toBeUndefined();
    const enrolling = await call(endpoint, 'POST', `/flows/mfaSetup/${id}/events`, 'mfa', { type: 'enrollment.start' });
    const view = enrolling.body.view;
    expect(view!.value).toMatchObject({ showingSecret: 'idle' });
    const secret = view!.secret!;
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(JSON.stringify(view!.context)).not.toContain(secret);
    expect(storedBytes()).not.toContain(secret);
    const read = await call(endpoint, 'GET', `/flows/mfaSetup/${id}`, 'mfa');
    expect(read.body.view).toMatchObject({ value: { enteringCode: 'idle' } });
    expect(read.body.view!.secret).toBeUndefined();

    const wrong = await call(endpoint, 'POST', `/flows/mfaSetup/${id}/events`, 'mfa', { type: 'code.submit', code: world.authenticator.wrongCode(secret) });
    expect(wrong.body.view).toMatchObject({ value: { enteringCode: 'failed' }, error: { code: 'code_mismatch' } });
    const code = world.authenticator.code(secret);
    const enabled = await call(endpoint, 'POST', `/flows/mfaSetup/${id}/events`, 'mfa', { type: 'code.submit', code });
    expect(enabled.body.view).toMatchObject({ value: 'enabled', status: 'done', output: { status: 'enabled' } });
    expect(storedBytes()).not.toContain(secret);
    expect(world.emulator.control.exportState().users[sessions.get('mfa')!.userId]?.mfa.enabled).toBe(true);
  });

  it('e-mail update with the user of the session: the token reaches SaaSus, never the view or the store', async () => {
    const { world, endpoint, sessions, storedBytes } = setup();
    const session = await world.signUpUser('old@example.com');
    sessions.set('eu', session);
    const { id } = (await call(endpoint, 'POST', '/flows/emailUpdate', 'eu', {})).body;
    const sent = await call(endpoint, 'POST', `/flows/emailUpdate/${id}/events`, 'eu', { type: 'email.submit', email: 'new@example.com' });
    expect(sent.body.view).toMatchObject({ value: { enteringCode: expect.anything() } });
    expect(sent.body.view!.deadlines.codeExpiresAt).toBeGreaterThan(0);
    const code = world.inbox.code('new@example.com');
    const done = await call(endpoint, 'POST', `/flows/emailUpdate/${id}/events`, 'eu', { type: 'code.submit', code });
    expect(done.body.view).toMatchObject({ status: 'done', output: { status: 'updated' } });
    const bytes = storedBytes() + JSON.stringify([sent, done]);
    expect(bytes).not.toContain(session.accessToken);
    expect(bytes).not.toContain(code);
    // Without a signed-in user the token flow fails as a step error, not a crash.
    const anon = await call(endpoint, 'POST', '/flows/mfaSetup', 'nobody', {});
    expect(anon.status).toBe(201);
    expect(anon.body.view!.tags).toContain('error');
  });
});
