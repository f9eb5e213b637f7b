import { assertEvent, assign, setup } from 'xstate';
import type { MfaPreference, SoftwareTokenSecretCode } from '../../api/types.js';
import type { CodeInput, EmptyInput } from '../../services/flow.types.js';
import { invalidInputError, isDeadCodeError, toFlowError } from '../shared/flow-error.js';
import type { FlowStateMeta, FlowTag } from '../shared/flow.types.js';
import { missingActor } from '../shared/missing-actor.js';
import { isFilled } from '../shared/validation.js';
import type { MfaSetupContext, MfaSetupEvent, MfaSetupInput, MfaSetupOutput } from './mfa-setup.types.js';

const MACHINE = 'mfaSetupMachine';

function enabledPreference(event: object): MfaPreference | undefined {
  const output = 'output' in event ? (event.output as Partial<MfaPreference> | undefined) : undefined;
  return output?.enabled === true ? { enabled: true, method: output.method ?? 'softwareToken' } : undefined;
}

/** A verification failure after which the pending secret is unusable (restart enrollment). */
function isSecretDead(event: object): boolean {
  if (!('error' in event)) return false;
  const error = toFlowError(event.error);
  return isDeadCodeError(error) || error.code === 'secret_code_not_created';
}

/**
 * Authenticator-app MFA (spec §5d): `getUserMfaPreference` -> when off: `createSecretCode` ->
 * `showingSecret` (the only state holding the secret) -> `code.submit` -> `updateSoftwareToken`
 * -> `updateUserMfaPreference {enabled: true}` -> enabled. When on: `mfa.disable` ->
 * `updateUserMfaPreference {enabled: false}` -> disabled. `enrollment.restart` gets a new secret.
 */
export const mfaSetupMachine = setup({
  types: {
    context: {} as MfaSetupContext,
    events: {} as MfaSetupEvent,
    input: {} as MfaSetupInput | undefined,
    output: {} as MfaSetupOutput,
    tags: {} as FlowTag,
    meta: {} as FlowStateMeta,
  },
  actors: {
    getUserMfaPreference: missingActor<MfaPreference, EmptyInput>('getUserMfaPreference', MACHINE),
    createSecretCode: missingActor<SoftwareTokenSecretCode, EmptyInput>('createSecretCode', MACHINE),
    updateSoftwareToken: missingActor<void, CodeInput>('updateSoftwareToken', MACHINE),
    updateUserMfaPreference: missingActor<void, MfaPreference>('updateUserMfaPreference', MACHINE),
  },
  guards: {
    isMfaEnabled: ({ event }) => enabledPreference(event) !== undefined,
    isCodeFilled: ({ event }) => event.type === 'code.submit' && isFilled(event.code),
    isSecretDead: ({ event }) => isSecretDead(event),
    canRetry: ({ context }) => context.error?.retryable === true,
  },
  actions: {
    clearError: assign({ error: undefined }),
    forgetSecret: assign({ secret: undefined }),
    assignInvalidCode: assign({ error: () => invalidInputError('Enter the code your authenticator app shows.') }),
  },
}).createMachine({
  id: 'mfaSetup',
  context: ({ input }) => ({ accountName: input?.accountName ?? '', ...(input?.issuer ? { issuer: input.issuer } : {}) }),
  initial: 'loadingPreference',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as MfaSetupOutput,
  states: {
    // A read: restoring a snapshot taken here simply reads again.
    loadingPreference: {
      tags: ['busy'],
      entry: 'clearError',
      invoke: {
        id: 'getUserMfaPreference',
        src: 'getUserMfaPreference',
        input: {},
        onDone: [
          { guard: 'isMfaEnabled', target: 'offeringDisable', actions: assign({ method: ({ event }) => event.output.method ?? 'softwareToken' }) },
          { target: 'creatingSecretCode' },
        ],
        onError: { target: 'loadingFailed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
      },
    },
    loadingFailed: {
      tags: ['error'],
      // A read may always be tried again, whatever the failure.
      on: { 'flow.retry': 'loadingPreference' },
    },
    // Takes no secret as input; restoring a snapshot taken here asks for a new secret.
    creatingSecretCode: {
      tags: ['busy'],
      entry: 'clearError',
      invoke: {
        id: 'createSecretCode',
        src: 'createSecretCode',
        input: {},
        onDone: { target: 'showingSecret', actions: assign({ secret: ({ event }) => event.output.secret_code }) },
        onError: { target: 'enrollmentFailed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
      },
    },
    enrollmentFailed: {
      tags: ['error'],
      on: {
        'flow.retry': { guard: 'canRetry', target: 'creatingSecretCode' },
        'enrollment.restart': 'creatingSecretCode',
      },
    },
    showingSecret: {
      initial: 'idle',
      exit: 'forgetSecret',
      meta: { persist: { resumeAt: 'creatingSecretCode', clear: ['secret'], restart: true } },
      on: {
        'code.submit': [{ guard: 'isCodeFilled', target: 'updatingSoftwareToken' }, { target: '.failed', actions: 'assignInvalidCode' }],
        'enrollment.restart': 'creatingSecretCode',
        // The app was set up: hide the secret and just ask for the code.
        'secret.hide': 'enteringCode',
      },
      states: { idle: {}, failed: { tags: ['error'] } },
    },
    enteringCode: {
      initial: 'idle',
      on: {
        'code.submit': [{ guard: 'isCodeFilled', target: 'updatingSoftwareToken' }, { target: '.failed', actions: 'assignInvalidCode' }],
        'enrollment.restart': 'creatingSecretCode',
      },
      states: { idle: {}, failed: { tags: ['error'] } },
    },
    updatingSoftwareToken: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringCode' } },
      invoke: {
        id: 'updateSoftwareToken',
        src: 'updateSoftwareToken',
        input: ({ event }) => {
          assertEvent(event, 'code.submit');
          return { code: event.code.trim() };
        },
        onDone: { target: 'enablingMfa' },
        onError: [
          { guard: 'isSecretDead', target: 'enrollmentFailed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
          { target: 'enteringCode.failed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
        ],
      },
    },
    // Idempotent: restoring a snapshot taken here sets the same preference again.
    enablingMfa: {
      tags: ['busy'],
      entry: 'clearError',
      invoke: {
        id: 'updateUserMfaPreference',
        src: 'updateUserMfaPreference',
        input: { enabled: true, method: 'softwareToken' },
        onDone: { target: 'enabled', actions: assign({ method: 'softwareToken' }) },
        onError: { target: 'enableFailed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
      },
    },
    enableFailed: {
      tags: ['error'],
      on: { 'flow.retry': { guard: 'canRetry', target: 'enablingMfa' }, 'enrollment.restart': 'creatingSecretCode' },
    },
    offeringDisable: {
      on: { 'mfa.disable': 'disablingMfa', 'enrollment.restart': 'creatingSecretCode' },
    },
    disablingMfa: {
      tags: ['busy'],
      entry: 'clearError',
      invoke: {
        id: 'updateUserMfaPreference',
        src: 'updateUserMfaPreference',
        input: ({ context }) => ({ enabled: false, method: context.method ?? 'softwareToken' }),
        onDone: { target: 'disabled', actions: assign({ method: undefined }) },
        onError: { target: 'disableFailed', actions: assign({ error: ({ event }) => toFlowError(event.error) }) },
      },
    },
    disableFailed: {
      tags: ['error'],
      on: { 'flow.retry': { guard: 'canRetry', target: 'disablingMfa' }, 'mfa.disable': 'disablingMfa' },
    },
    enabled: { type: 'final', output: { status: 'enabled' as const, method: 'softwareToken' as const } },
    disabled: { type: 'final', output: { status: 'disabled' as const } },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
