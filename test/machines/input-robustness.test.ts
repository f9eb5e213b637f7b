import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, EventObject } from 'xstate';
import { isSixDigitCode, isWellFormedEmail } from '../../src/api/validation.js';
import { drive, flowModels, isSettled, reachableStates, type FlowModel, type Reached } from './support/flow-models.js';
import { collectUncaught, nextMacrotask } from './support/uncaught.js';

/*
 * Nothing a form or a client sends can kill a flow: in every settled state every machine
 * reaches, every event type it knows (and some it does not), with missing, null, numeric,
 * object, array and huge fields, leaves the actor running, and what reaches Node as an
 * uncaught exception or unhandled rejection is nothing. The actors have no error observer
 * (the case that turns a thrown guard into an uncaught exception). A malformed field is refused
 * exactly as the empty string is: same state, same context (`invalid_input`), same requests.
 */

const uncaught = collectUncaught();

const HUGE = ['1'.repeat(1_000_000), ' '.repeat(100_000), `${'a'.repeat(300)}@example.com`, `${'x'.repeat(70_000)}`];

/** Values a careless UI or a hostile client puts in a field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(...HUGE),
  fc.string(),
  fc.object(),
  fc.array(fc.anything(), { maxLength: 4 }),
  fc.anything(),
);

/** A confirmation-shaped value with hostile fields. */
const confirmationLike = fc.record(
  { method: fc.oneof(fc.constantFrom('callbackCode', 'newPassword'), hostileValue), code: hostileValue, temporaryPassword: hostileValue, newPassword: hostileValue },
  { requiredKeys: [] },
);

/** The payload fields any flow event carries, and fields no event has. */
const FIELDS = ['email', 'code', 'confirmation', 'name', 'tenantId', 'output', 'error', 'data', 'type2'] as const;

const payload: fc.Arbitrary<Record<string, unknown>> = fc
  .dictionary(fc.constantFrom(...FIELDS), fc.oneof(hostileValue, confirmationLike), { maxKeys: 4 })
  .map((fields) => ({ ...fields }));

/** Fixed hostile payloads tried in every state for every event type. */
const FIXED_PAYLOADS: ReadonlyArray<Record<string, unknown>> = [
  {},
  { email: null, code: null, confirmation: null, name: null, tenantId: null },
  { email: 42, code: 123456, confirmation: 7, name: 1, tenantId: 1 },
  { email: { at: '@' }, code: { code: '123456' }, confirmation: { method: 'callbackCode' }, name: {}, tenantId: {} },
  { email: ['ann@example.com'], code: ['123456'], confirmation: [], name: ['Acme'], tenantId: ['tenant-1'] },
  { email: HUGE[0], code: HUGE[0], confirmation: { method: 'newPassword', temporaryPassword: 5, newPassword: null }, name: HUGE[3], tenantId: HUGE[0] },
  { confirmation: { method: 'callbackCode', code: 12 } },
  { confirmation: { code: 'cb' } },
];

/** What the empty string is for each event with a field: the reference a malformed field is refused like. */
const EMPTY: Record<string, Record<string, unknown>> = {
  'email.submit': { email: '' },
  'code.submit': { code: '' },
  'confirmation.submit': { confirmation: { method: 'callbackCode', code: '' } },
  'tenant.submit': { name: '' },
  'tenant.choose': { tenantId: '' },
};

function isFilledString(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** Whether the field of `type` holds a value the flow may act on (else it must act as on the empty string). */
function isUsable(model: FlowModel, type: string, event: Record<string, unknown>): boolean {
  switch (type) {
    case 'email.submit':
      return isWellFormedEmail(event['email']);
    case 'code.submit':
      return isSixDigitCode(event['code']);
    case 'confirmation.submit': {
      const confirmation = event['confirmation'] as Record<string, unknown> | null | undefined;
      if (typeof confirmation !== 'object' || confirmation === null) return false;
      if (confirmation['method'] === 'callbackCode') return isFilledString(confirmation['code']);
      return confirmation['method'] === 'newPassword' && isFilledString(confirmation['temporaryPassword']) && isFilledString(confirmation['newPassword']);
    }
    case 'tenant.submit':
      return typeof event['name'] === 'string';
    case 'tenant.choose': {
      const tenants = (model.input as { tenants?: Array<{ id: string }> }).tenants ?? [];
      return tenants.some((tenant) => tenant.id === event['tenantId']);
    }
    default:
      return true;
  }
}

/**
 * Every event type of `machine`'s contract, and a few it does not know. The `xstate.*` types
 * (actor outcomes, timers) are XState's own protocol, not input: a relay forwards only the
 * flow's event types (`isFlowEvent`).
 */
function eventTypes(machine: AnyStateMachine): string[] {
  const own = machine.root.events.filter((type) => !type.startsWith('xstate.'));
  return [...new Set([...own, 'unknown.event', 'email.submitted', 'code', ''])];
}

/**
 * Sends `type` with `fields` in `reached`'s state and checks the outcome; returns a failure
 * description or undefined. What XState reports to Node arrives a macrotask later: the callers
 * wait for it and check `uncaught` once.
 */
function check(model: FlowModel, reached: Reached, type: string, fields: Record<string, unknown>): string | undefined {
  const flow = drive(model, reached);
  const event = { ...fields, type } as EventObject;
  try {
    flow.actor.send(event);
  } catch (error) {
    return `send threw: ${String(error)}`;
  }
  const after = flow.actor.getSnapshot();
  const expected = type === 'flow.cancel' ? 'done' : 'active';
  if (after.status !== expected) return `status ${after.status} (expected ${expected}): ${String(after.error)}`;
  if (type in EMPTY && !isUsable(model, type, event as unknown as Record<string, unknown>)) {
    const reference = drive(model, reached);
    reference.actor.send({ ...EMPTY[type], type } as EventObject);
    const want = reference.actor.getSnapshot();
    const same =
      JSON.stringify(after.value) === JSON.stringify(want.value) &&
      JSON.stringify(after.context) === JSON.stringify(want.context) &&
      JSON.stringify(flow.requests()) === JSON.stringify(reference.requests());
    if (!same) return `not refused as the empty string: ${JSON.stringify(after.value)} ${JSON.stringify(after.context.error)} vs ${JSON.stringify(want.value)}`;
  }
  flow.actor.stop();
  return undefined;
}

function describeCase(reached: Reached, type: string, fields: Record<string, unknown>): string {
  const shown = JSON.stringify(fields, (_key, value: unknown) => (typeof value === 'string' && value.length > 40 ? `<${value.length} chars>` : value));
  return `${reached.key} <- ${type || '(empty type)'} ${shown}`;
}

describe.each(flowModels.map((model) => [model.name, model] as const))('%s machine under hostile input', (_name, model) => {
  const settled = reachableStates(model).filter((reached) => isSettled(reached.state));
  const types = eventTypes(model.machine);

  it('reaches settled states to test', () => {
    expect(settled.length).toBeGreaterThan(1);
  });

  it('samples every user event the machine declares, so the states behind each are reached too', () => {
    const sampled = new Set(model.events.map((event) => event.type));
    const unsampled = model.machine.root.events.filter((type) => !type.startsWith('xstate.') && type !== 'flow.cancel' && !sampled.has(type));
    expect(unsampled).toEqual([]);
  });

  it('stays active in every settled state for every event type with missing, null, numeric, object, array and huge fields', async () => {
    const failures: string[] = [];
    for (const reached of settled) {
      for (const type of types) {
        for (const fields of FIXED_PAYLOADS) {
          const failure = check(model, reached, type, fields);
          if (failure !== undefined) failures.push(`${describeCase(reached, type, fields)}: ${failure}`);
        }
      }
    }
    await nextMacrotask();
    expect(failures).toEqual([]);
    expect(uncaught.splice(0).map(String)).toEqual([]);
  });

  it('stays active for arbitrary payloads (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...settled), fc.constantFrom(...types), payload, async (reached, type, fields) => {
        const failure = check(model, reached, type, fields);
        await nextMacrotask();
        const reported = uncaught.splice(0);
        if (failure !== undefined || reported.length > 0) {
          throw new Error(`${describeCase(reached, type, fields)}: ${failure ?? `reached Node: ${String(reported[0])}`}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
