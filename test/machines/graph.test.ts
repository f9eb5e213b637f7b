import { describe, expect, it } from 'vitest';
import { getStateNodes, type AnyMachineSnapshot, type AnyStateMachine, type EventObject, type StateNode } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import {
  awsMarketplaceSignUpMachine,
  emailUpdateMachine,
  externalUserLinkMachine,
  mfaSetupMachine,
  signUpMachine,
  tenantSignUpMachine,
} from '../../src/machines/index.js';
import { apiFailure, networkFailure } from './support/controlled-actor.js';

type SampleEvent = EventObject & Record<string, unknown>;

const network = networkFailure();
const FAILURES = [network, apiFailure('code_mismatch', { data: { attempts_left: 2 } }), apiFailure('code_mismatch', { data: { attempts_left: 0 } })];

/** Sample server outcomes of an invoked actor: one success per output, every failure. */
function outcomes(id: string, outputs: unknown[], failures: unknown[] = FAILURES): SampleEvent[] {
  return [
    ...outputs.map((output) => ({ type: `xstate.done.actor.${id}`, output })),
    ...failures.map((error) => ({ type: `xstate.error.actor.${id}`, error })),
  ];
}

const USER_EVENTS: SampleEvent[] = [
  { type: 'email.submit', email: 'ann@example.com' },
  { type: 'email.submit', email: 'nope' },
  { type: 'code.submit', code: '123456' },
  { type: 'code.submit', code: '' },
  { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'cb' } },
  { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: '' } },
  { type: 'tenant.submit', name: 'Acme' },
  { type: 'tenant.choose', tenantId: 't1' },
  { type: 'tenant.choose', tenantId: 'unknown' },
];

const sent = { sentAt: 0 };
const tenant = { id: 't1', name: 'Acme', attributes: {}, back_office_staff_email: 'ann@example.com', plan_histories: [] };

const machines: Array<{ name: string; machine: AnyStateMachine; inputs: unknown[]; events: SampleEvent[] }> = [
  {
    name: 'signUpMachine',
    machine: signUpMachine,
    inputs: [{}],
    events: [...outcomes('signUp', [{ userId: 'u1', ...sent }]), ...outcomes('resendSignUpConfirmationEmail', [sent]), ...outcomes('confirmSignUp', [{ userId: 'u1' }])],
  },
  {
    name: 'emailUpdateMachine',
    machine: emailUpdateMachine,
    inputs: [{}],
    events: [...outcomes('requestEmailUpdate', [sent]), ...outcomes('confirmEmailUpdate', [undefined])],
  },
  {
    name: 'externalUserLinkMachine',
    machine: externalUserLinkMachine,
    inputs: [{}],
    events: [...outcomes('requestExternalUserLink', [sent]), ...outcomes('confirmExternalUserLink', [undefined]), ...outcomes('unlinkProvider', [undefined])],
  },
  {
    name: 'mfaSetupMachine',
    machine: mfaSetupMachine,
    inputs: [{}],
    events: [
      ...outcomes('getUserMfaPreference', [{ enabled: false }, { enabled: true, method: 'softwareToken' }]),
      ...outcomes('createSecretCode', [{ secret_code: 'SECRET' }]),
      ...outcomes('updateSoftwareToken', [undefined], [...FAILURES, apiFailure('too_many_attempts')]),
      ...outcomes('updateUserMfaPreference', [undefined]),
    ],
  },
  {
    name: 'awsMarketplaceSignUpMachine',
    machine: awsMarketplaceSignUpMachine,
    inputs: [{ registrationToken: 'reg' }, { registrationToken: 'reg', tenants: [{ id: 't1', name: 'Acme' }] }],
    events: [
      ...outcomes('signUpWithAwsMarketplace', [{ userId: 'u1', ...sent }], [...FAILURES, apiFailure('invalid_registration_token')]),
      ...outcomes('resendSignUpConfirmationEmail', [sent]),
      ...outcomes('confirmSignUp', [{ userId: 'u1' }]),
      ...outcomes('confirmSignUpWithAwsMarketplace', [tenant], [network, apiFailure('invalid_registration_token')]),
      ...outcomes('linkAwsMarketplace', [undefined], [network, apiFailure('invalid_registration_token')]),
    ],
  },
  {
    name: 'tenantSignUpMachine',
    machine: tenantSignUpMachine,
    inputs: [{}],
    events: [
      { type: 'selfSignUp.submit', tenantName: 'Acme', tenantAttributes: {}, userAttributes: {} },
      { type: 'selfSignUp.submit', tenantName: '' },
      ...outcomes('getUserInfo', [{ email: 'ann@example.com', tenants: [] }, { email: 'ann@example.com', tenants: [{ id: 't0', name: 'Old' }] }]),
      ...outcomes('getTenantAttributes', [[]]),
      ...outcomes('getUserAttributes', [[]]),
      ...outcomes('createTenant', [tenant]),
      ...outcomes('createTenantUser', [{ id: 'u1' }]),
      ...outcomes('createTenantUserRoles', [undefined]),
    ],
  },
];

/** Paths (from the root) of the atomic state nodes that a snapshot can rest in. */
function leafPaths(node: StateNode): string[][] {
  const children = Object.values(node.states);
  if (children.length === 0) return node.always?.length ? [] : [node.path];
  return children.flatMap((child) => leafPaths(child));
}

function pathValue(path: string[]): string | Record<string, unknown> {
  const [head, ...rest] = path;
  return rest.length === 0 ? (head ?? '') : { [head ?? '']: pathValue(rest) };
}

/** The event types the snapshot's states handle (user events, actor outcomes, delays). */
function handledEventTypes(snapshot: AnyMachineSnapshot): string[] {
  return [...new Set(getStateNodes(snapshot.machine.root, snapshot.value).flatMap((node) => node.ownEvents))];
}

/** The adjacency map, keyed by serialised snapshot (value and context). */
type Adjacency = Record<string, { state: AnyMachineSnapshot; transitions: Record<string, { state: AnyMachineSnapshot }> }>;

/**
 * A snapshot's key: value and context, with the sign-up's list of abandoned sign-ups reduced to
 * whether it is empty (it grows with every address change; no guard reads it).
 */
function keyOf(snapshot: AnyMachineSnapshot): string {
  const context = snapshot.context as Record<string, unknown>;
  const abandoned = context['abandonedSignUps'];
  return JSON.stringify({ value: snapshot.value, context: Array.isArray(abandoned) ? { ...context, abandonedSignUps: abandoned.length > 0 } : context });
}

function explore(machine: AnyStateMachine, input: unknown, samples: SampleEvent[]): Adjacency {
  return getAdjacencyMap(machine, {
    input,
    limit: 20_000,
    serializeState: keyOf,
    events: (snapshot) =>
      handledEventTypes(snapshot).flatMap((type) => {
        const matching = samples.filter((event) => event.type === type);
        return matching.length > 0 ? matching : [{ type }];
      }),
  }) as unknown as Adjacency;
}

describe('flow machine graphs', () => {
  it.each(machines)('$name: every state is reachable', ({ machine, inputs, events }) => {
    const snapshots = inputs.flatMap((input) => Object.values(explore(machine, input, [...USER_EVENTS, ...events])).map((entry) => entry.state));
    const unreachable = leafPaths(machine.root)
      .filter((path) => !snapshots.some((snapshot) => snapshot.matches(pathValue(path))))
      .map((path) => path.join('.'));
    expect(unreachable).toEqual([]);
  });

  it.each(machines)('$name: from every reachable state an outcome other than cancelled is reachable', ({ machine, inputs, events }) => {
    for (const input of inputs) {
      const adjacency = explore(machine, input, [...USER_EVENTS, ...events]);
      const keys = Object.keys(adjacency);
      const canFinish = new Set(keys.filter((key) => adjacency[key]?.state.status === 'done' && adjacency[key]?.state.value !== 'cancelled'));
      let grew = true;
      while (grew) {
        grew = false;
        for (const key of keys) {
          if (canFinish.has(key)) continue;
          const targets = Object.values(adjacency[key]?.transitions ?? {}).map((t) => keyOf(t.state));
          if (targets.some((target) => canFinish.has(target))) {
            canFinish.add(key);
            grew = true;
          }
        }
      }
      expect(keys.length).toBeGreaterThan(5);
      expect(keys.filter((key) => !canFinish.has(key) && adjacency[key]?.state.value !== 'cancelled').map((k) => k.slice(0, 200))).toEqual([]);
    }
  });
});
