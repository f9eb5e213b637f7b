import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyActorRef, AnyStateNode, Snapshot } from 'xstate';
import { persistFlow, restoreFlow } from '../../src/machines/index.js';
import { settle } from './support/controlled-actor.js';
import { drive, flowModels, isSettled, reachableStates, startFlow, type FlowModel } from './support/flow-models.js';
import { collectUncaught } from './support/uncaught.js';

/*
 * Restoring is checked: whatever is saved (storage is the user's), `restoreFlow` either
 * rebuilds a snapshot the machine may resume from, or refuses it with a reason and the flow
 * starts fresh. A refused snapshot sends no request of its own and no restored actor ends in
 * `error`; what reaches Node is nothing.
 */

const uncaught = collectUncaught();

type Persisted = Record<string, unknown> & { value: unknown; context: Record<string, unknown>; children: Record<string, unknown> };

/** What `localStorage` keeps of `actor`: persistFlow's output through JSON. */
function saved(actor: AnyActorRef): Persisted {
  return JSON.parse(JSON.stringify(persistFlow(actor))) as Persisted;
}

function topLevel(model: FlowModel): AnyStateNode[] {
  return Object.values(model.machine.root.states as Record<string, AnyStateNode>);
}

/** The requests a fresh start of `model` sends by itself (the MFA flow reads the preference). */
async function freshRequests(model: FlowModel) {
  const fresh = startFlow(model);
  await settle();
  return fresh.requests();
}

/** Values of the wrong type for every kind of context field. */
const mistyped = fc.constantFrom<unknown>(null, { nested: {} }, [1], Number.NaN, Number.POSITIVE_INFINITY, () => 1);

/** One way to tamper with a saved snapshot; applied to a deep copy. */
type Tamper = (snapshot: Persisted, model: FlowModel) => void;

function tampers(model: FlowModel): fc.Arbitrary<{ what: string; apply: Tamper }> {
  const states = topLevel(model);
  // Busy states a fresh start does not begin in and no state declares restartable.
  const busy = states.filter((node) => node.tags.includes('busy') && node.key !== model.machine.config.initial && !states.some((s) => (s.meta as { persist?: { restart?: boolean; resumeAt?: string } } | undefined)?.persist?.restart && (s.meta as { persist?: { resumeAt?: string } }).persist?.resumeAt === node.key));
  const finals = states.filter((node) => node.type === 'final');
  const badValues = fc.oneof(
    fc.constantFrom<unknown>(...busy.map((node) => node.key), ...finals.map((node) => node.key)),
    fc.string().map((name) => `x-${name}`),
    fc.constantFrom<unknown>(null, 42, [], {}, { [states[1]?.key ?? 'x']: 'nope' }, 'toString', '__proto__', { enteringEmail: 'editing', cancelled: {} }),
    fc.constantFrom<unknown>(...states.filter((node) => node.type === 'compound').map((node) => ({ [node.key]: { nope: {} } }))),
  );
  // The fields every saved state has (`tenants` is optional: given only for an existing customer).
  const bases = savedSettledStates(model);
  const fields = Object.keys(bases[0]?.snapshot.context ?? {}).filter((key) => key !== 'tenants' && bases.every((base) => Object.hasOwn(base.snapshot.context, key)));
  return fc.oneof(
    badValues.map((value) => ({ what: `value ${JSON.stringify(value)}`, apply: (s: Persisted) => void (s.value = value) })),
    fc.constant({ what: 'no value', apply: (s: Persisted) => void delete (s as Partial<Persisted>).value }),
    fc.constantFrom<unknown>('done', 'error', 'stopped', undefined, 1, 'ACTIVE').map((status) => ({ what: `status ${String(status)}`, apply: (s: Persisted) => void (s['status'] = status) })),
    fc.anything().filter((output) => output !== undefined).map((output) => ({ what: 'forged output', apply: (s: Persisted) => void (s['output'] = output) })),
    fc.constant({ what: 'forged error', apply: (s: Persisted) => void (s['error'] = { message: 'boom' }) }),
    fc
      .record({ id: fc.constantFrom(...Object.keys(model.machine.implementations.actors), 'evil'), src: fc.constantFrom(...Object.keys(model.machine.implementations.actors), 'evil') })
      .map(({ id, src }) => ({
        what: `injected child ${id}/${src}`,
        apply: (s: Persisted) => {
          s.children = { ...s.children, [id]: { src, systemId: undefined, syncSnapshot: false, snapshot: { status: 'active', input: { code: '123456', email: 'eve@example.com' } } } };
        },
      })),
    fc.constantFrom<unknown>(null, 'children', [1], 5).map((children) => ({ what: `children ${JSON.stringify(children)}`, apply: (s: Persisted) => void (s.children = children as Record<string, unknown>) })),
    fc.constantFrom<unknown>(undefined, null, 'context', [], 7).map((context) => ({ what: `context ${JSON.stringify(context)}`, apply: (s: Persisted) => void (s.context = context as Record<string, unknown>) })),
    fc.constantFrom(...fields).map((key) => ({ what: `context without ${key}`, apply: (s: Persisted) => void delete s.context[key] })),
    fc.tuple(fc.constantFrom(...fields, 'error', 'sentAt'), mistyped).map(([key, value]) => ({ what: `context.${key} = ${String(value)}`, apply: (s: Persisted) => void (s.context[key] = value) })),
    fc.constantFrom('secret', 'accessToken', 'password', '__proto__').map((key) => ({ what: `context.${key} injected`, apply: (s: Persisted) => void Object.defineProperty(s.context, key, { value: 'x', enumerable: true }) })),
  );
}

/** Every settled state of `model` as persistFlow saves it. */
function savedSettledStates(model: FlowModel): Array<{ key: string; snapshot: Persisted }> {
  return reachableStates(model)
    .filter((reached) => isSettled(reached.state))
    .map((reached) => ({ key: reached.key, snapshot: saved(drive(model, reached).actor) }));
}

describe.each(flowModels.map((model) => [model.name, model] as const))('restoreFlow(%s)', (_name, model) => {
  it('restores every state persistFlow saves, as the same state, sending nothing it would not send fresh', async () => {
    const refused: string[] = [];
    for (const reached of reachableStates(model).filter((r) => r.state.status === 'active')) {
      const persisted = saved(drive(model, reached).actor);
      const restored = restoreFlow(model.machine, persisted);
      if (!restored.ok) {
        refused.push(`${JSON.stringify(persisted.value)}: ${restored.reason}`);
        continue;
      }
      const flow = startFlow(model, restored.snapshot);
      await settle();
      expect(flow.actor.getSnapshot().status).toBe('active');
      expect(flow.actor.getSnapshot().value).toEqual(persisted.value);
      for (const request of flow.requests()) expect(JSON.stringify(request.input)).not.toMatch(/123456|Temp-1234|N3w-password|callback-code/);
    }
    // Enabling or disabling MFA in flight is saved as it is; it is not restarted from storage: a fresh start reads the preference again.
    expect(refused.every((line) => /^"(enablingMfa|disablingMfa)"/.test(line))).toBe(true);
  });

  it('refuses tampered snapshots with a reason, sends no request of theirs and never ends in error (property)', async () => {
    const bases = savedSettledStates(model);
    const fresh = await freshRequests(model);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bases), tampers(model), async (base, tamper) => {
        const snapshot = structuredClone(base.snapshot);
        tamper.apply(snapshot, model);
        const restored = restoreFlow(model.machine, snapshot);
        const where = `${base.key} with ${tamper.what}`;
        if (restored.ok) {
          // Only a child the machine itself has in that state may stand: it is rebuilt from the
          // machine, so the injected input is never sent.
          if (!tamper.what.startsWith('injected child')) throw new Error(`${where}: accepted`);
          const flow = startFlow(model, restored.snapshot);
          await settle();
          if (JSON.stringify(flow.requests()).includes('eve@example.com')) throw new Error(`${where}: sent the injected input`);
          flow.actor.stop();
          return;
        }
        if (!(restored.reason.length > 0)) throw new Error(`${where}: no reason`);
        const flow = startFlow(model, restored.snapshot);
        await settle();
        const status = flow.actor.getSnapshot().status;
        if (status !== 'active') throw new Error(`${where}: status ${status}`);
        if (JSON.stringify(flow.requests()) !== JSON.stringify(fresh)) throw new Error(`${where}: sent ${JSON.stringify(flow.requests())}`);
        const reported = uncaught.splice(0);
        if (reported.length > 0) throw new Error(`${where}: reached Node: ${String(reported[0])}`);
        flow.actor.stop();
      }),
      { numRuns: 150 },
    );
  });
});

describe('restoreFlow', () => {
  const [signUp, emailUpdate, , mfa] = flowModels as [FlowModel, FlowModel, FlowModel, FlowModel];

  it('refuses nothing saved, or a non-object, and says so', () => {
    expect(restoreFlow(signUp.machine, undefined)).toEqual({ ok: false, snapshot: undefined, reason: 'nothing was saved' });
    expect(restoreFlow(signUp.machine, 'signUp')).toMatchObject({ ok: false, reason: 'the saved flow is not an object' });
  });

  it('refuses a code check in flight, which would otherwise sit busy forever', () => {
    const snapshot = { status: 'active', value: 'confirmingEmailUpdate', context: { codeTtlMs: 1, resendCooldownMs: 1, resendQueued: false, email: 'a@b.co' }, children: {} };
    expect(restoreFlow(emailUpdate.machine, snapshot)).toMatchObject({ ok: false, reason: expect.stringContaining('request in flight') });
  });

  it('refuses a finished flow with a forged output', () => {
    const snapshot = { status: 'done', value: 'updated', output: { status: 'updated', email: 'eve@example.com' }, context: {}, children: {} };
    expect(restoreFlow(emailUpdate.machine, snapshot).ok).toBe(false);
  });

  it('refuses a state showing a secret, which persistFlow never saves', () => {
    const snapshot = { status: 'active', value: { showingSecret: 'idle' }, context: { accountName: 'a', secret: 'EVIL' }, children: {} };
    expect(restoreFlow(mfa.machine, snapshot)).toMatchObject({ ok: false, reason: expect.stringContaining('showingSecret') });
  });

  it('restarts a restored enrollment with the machine’s own request, never an injected child’s input', async () => {
    const flow = startFlow(mfa);
    flow.actor.send({ type: 'xstate.done.actor.getUserMfaPreference', output: { enabled: false } });
    flow.actor.send({ type: 'enrollment.start' });
    flow.actor.send({ type: 'xstate.done.actor.createSecretCode', output: { secret_code: 'JBSWY3DPEHPK3PXP' } });
    const persisted = saved(flow.actor);
    expect(persisted.value).toBe('creatingSecretCode');
    persisted.children = { createSecretCode: { src: 'createSecretCode', snapshot: { status: 'active', input: { code: '123456' } } } };
    const restored = restoreFlow(mfa.machine, persisted);
    expect(restored.ok).toBe(true);
    const again = startFlow(mfa, restored.snapshot as Snapshot<unknown>);
    await settle();
    expect(again.requests()).toEqual([{ src: 'createSecretCode', input: {} }]);
  });
});
