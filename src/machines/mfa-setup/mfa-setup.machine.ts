import { assign, setup } from 'xstate';
import type { MfaPreference } from '../../api/types.js';
import { CODE_MESSAGE } from '../../api/validation.js';
import { failureOf, isDeadCodeError } from '../shared/flow-error.js';
import { flowActions } from '../shared/flow.actions.js';
import { canRetry, isCodeFilled } from '../shared/flow.guards.js';
import type { FlowTypes } from '../shared/flow.types.js';
import { submittedCode } from '../shared/mappers.js';
import { missingActor } from '../shared/missing-actor.js';
import type { MfaSetupActors, MfaSetupContext, MfaSetupEvent, MfaSetupInput, MfaSetupOutput } from './mfa-setup.types.js';

function enabledPreference(event: object): MfaPreference | undefined {
  const output = 'output' in event ? (event.output as Partial<MfaPreference> | undefined) : undefined;
  return output?.enabled === true ? { enabled: true, method: output.method ?? 'softwareToken' } : undefined;
}

/** A verification failure after which the pending secret is unusable (restart enrollment). */
function isSecretDead(event: object): boolean {
  const error = failureOf(event);
  return isDeadCodeError(error) || error.code === 'secret_code_not_created';
}

/**
 * Authenticator-app MFA: `getUserMfaPreference` -> when off: `offeringEnrollment` (no secret
 * yet: loading the page burns none) -> `enrollment.start` -> `createSecretCode` ->
 * `showingSecret` (the only state holding the secret) -> `code.submit` -> `updateSoftwareToken`
 * -> `updateUserMfaPreference {enabled: true}` -> enabled. When on: `mfa.disable` ->
 * `updateUserMfaPreference {enabled: false}` -> disabled, or `enrollment.start` to register
 * another authenticator app while MFA stays on. `enrollment.restart` gets a new secret.
 */
export const mfaSetupMachine = setup({
  types: {} as FlowTypes<MfaSetupContext, MfaSetupEvent, MfaSetupInput | undefined, MfaSetupOutput>,
  actors: {
    getUserMfaPreference: missingActor(),
    createSecretCode: missingActor(),
    updateSoftwareToken: missingActor(),
    updateUserMfaPreference: missingActor(),
  } satisfies MfaSetupActors,
  guards: {
    isMfaEnabled: ({ event }) => enabledPreference(event) !== undefined,
    isCodeFilled,
    isSecretDead: ({ event }) => isSecretDead(event),
    canRetry,
  },
  actions: { ...flowActions<MfaSetupContext, MfaSetupEvent>(), forgetSecret: assign({ secret: undefined }) },
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
          { target: 'offeringEnrollment' },
        ],
        onError: { target: 'loadingFailed', actions: 'assignError' },
      },
    },
    loadingFailed: {
      tags: ['error'],
      // A read may always be tried again, whatever the failure.
      on: { 'flow.retry': 'loadingPreference' },
    },
    // MFA is off: the secret is created only when the user asks to add a device.
    offeringEnrollment: {
      on: { 'enrollment.start': 'creatingSecretCode' },
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
        onError: { target: 'enrollmentFailed', actions: 'assignError' },
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
        'code.submit': [
          { guard: 'isCodeFilled', target: 'updatingSoftwareToken' },
          { target: '.failed', actions: { type: 'assignInvalidInput', params: CODE_MESSAGE } },
        ],
        'enrollment.restart': 'creatingSecretCode',
        // The app was set up: hide the secret and just ask for the code.
        'secret.hide': 'enteringCode',
      },
      states: { idle: {}, failed: { tags: ['error'] } },
    },
    enteringCode: {
      initial: 'idle',
      on: {
        'code.submit': [
          { guard: 'isCodeFilled', target: 'updatingSoftwareToken' },
          { target: '.failed', actions: { type: 'assignInvalidInput', params: CODE_MESSAGE } },
        ],
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
        input: submittedCode,
        onDone: { target: 'enablingMfa' },
        onError: [
          { guard: 'isSecretDead', target: 'enrollmentFailed', actions: 'assignError' },
          { target: 'enteringCode.failed', actions: 'assignError' },
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
        onError: { target: 'enableFailed', actions: 'assignError' },
      },
    },
    enableFailed: {
      tags: ['error'],
      on: { 'flow.retry': { guard: 'canRetry', target: 'enablingMfa' }, 'enrollment.restart': 'creatingSecretCode' },
    },
    offeringDisable: {
      on: { 'mfa.disable': 'disablingMfa', 'enrollment.start': 'creatingSecretCode', 'enrollment.restart': 'creatingSecretCode' },
    },
    disablingMfa: {
      tags: ['busy'],
      entry: 'clearError',
      invoke: {
        id: 'updateUserMfaPreference',
        src: 'updateUserMfaPreference',
        input: ({ context }) => ({ enabled: false, method: context.method ?? 'softwareToken' }),
        onDone: { target: 'disabled', actions: assign({ method: undefined }) },
        onError: { target: 'disableFailed', actions: 'assignError' },
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
