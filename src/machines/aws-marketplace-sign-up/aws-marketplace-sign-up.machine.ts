import { assign, setup, type DoneActorEvent } from 'xstate';
import type { Tenant } from '../../api/types.js';
import { EMAIL_MESSAGE } from '../../api/validation.js';
import { initialCodeContext } from '../shared/code-context.js';
import { resendCooldown } from '../shared/deadlines.js';
import { failureOf, invalidInputError } from '../shared/flow-error.js';
import { signUpActions } from '../shared/flow.actions.js';
import { canRetry, isEmailWellFormed, isResendQueued } from '../shared/flow.guards.js';
import type { FlowTypes } from '../shared/flow.types.js';
import { textField } from '../shared/events.js';
import { emailInput, sentCode } from '../shared/mappers.js';
import { CHOOSE_TENANT, ENTER_CONFIRMATION, TOKEN_INVALID, TOKEN_MISSING } from '../shared/messages.js';
import { missingActor } from '../shared/missing-actor.js';
import { confirmationInput, isConfirmationComplete, outputUserId, temporaryPasswordSettings } from '../sign-up/confirmation.js';
import type {
  AwsMarketplaceSignUpActors,
  AwsMarketplaceSignUpContext,
  AwsMarketplaceSignUpEvent,
  AwsMarketplaceSignUpInput,
  AwsMarketplaceSignUpOutput,
  TenantChooseEvent,
} from './aws-marketplace-sign-up.types.js';

/** The SaaSus error type of a refused registration token. */
const INVALID_TOKEN = 'invalid_registration_token';

type Args = { context: AwsMarketplaceSignUpContext };

/**
 * AWS Marketplace onboarding, from the landing page's registration token. New buyer: e-mail ->
 * `signUpWithAwsMarketplace` -> awaiting confirmation (as sign-up) -> `confirmSignUp` -> tenant
 * name -> `confirmSignUpWithAwsMarketplace` -> tenantCreated. Signed-in buyer (`input.tenants`,
 * with the buyer's session): with no tenant, name a new one -> `confirmSignUpWithAwsMarketplace`
 * -> tenantCreated; with tenants, choose one -> `linkAwsMarketplace` -> tenantLinked, or
 * `tenant.create` to name a new one instead. A refused token
 * (`invalid_registration_token`) ends the flow as `invalidToken` from every request carrying it.
 *
 * States with a request in flight are tagged `busy` and saved by `persistFlow` as the step the
 * request was sent from (`meta.persist.resumeAt`). The `resendCooldown` delay only wakes the
 * machine: the deadline is `resendAvailableAt` in context; a `code.resend` during the cooldown
 * is queued and sent when it ends.
 */
export const awsMarketplaceSignUpMachine = setup({
  types: {} as FlowTypes<AwsMarketplaceSignUpContext, AwsMarketplaceSignUpEvent, AwsMarketplaceSignUpInput, AwsMarketplaceSignUpOutput>,
  actors: {
    signUpWithAwsMarketplace: missingActor(),
    resendSignUpConfirmationEmail: missingActor(),
    confirmSignUp: missingActor(),
    confirmSignUpWithAwsMarketplace: missingActor(),
    linkAwsMarketplace: missingActor(),
  } satisfies AwsMarketplaceSignUpActors,
  guards: {
    hasNoToken: ({ context }) => context.registrationToken === '',
    isExistingCustomer: ({ context }) => !!context.tenants?.length,
    isSignedInBuyer: ({ context }) => context.tenants !== undefined,
    isEmailWellFormed,
    isConfirmationComplete,
    // Only on `tenant.choose`.
    isTenantOffered: ({ context, event }) => !!context.tenants?.some((tenant) => tenant.id === (event as TenantChooseEvent).tenantId),
    isTokenInvalid: ({ event }) => failureOf(event).code === INVALID_TOKEN,
    canRetry,
    isResendQueued,
  },
  actions: signUpActions<AwsMarketplaceSignUpContext, AwsMarketplaceSignUpEvent>(),
  delays: { resendCooldown },
}).createMachine({
  id: 'awsMarketplaceSignUp',
  context: ({ input }) => ({
    ...initialCodeContext(temporaryPasswordSettings(input)),
    registrationToken: input.registrationToken.trim(),
    email: input.email?.trim() ?? '',
    tenantName: input.tenantName ?? '',
    ...(input.tenants ? { tenants: input.tenants } : {}),
  }),
  initial: 'routing',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as AwsMarketplaceSignUpOutput,
  states: {
    routing: {
      always: [
        { guard: 'hasNoToken', target: 'invalidToken', actions: { type: 'assignInvalidInput', params: TOKEN_MISSING } },
        { guard: 'isExistingCustomer', target: 'choosingTenant' },
        // Signed in with no tenant yet: SaaSus creates one with the buyer's session.
        { guard: 'isSignedInBuyer', target: 'enteringTenantName' },
        { target: 'enteringEmail' },
      ],
    },
    enteringEmail: {
      initial: 'editing',
      states: {
        editing: {},
        failed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#awsMarketplaceSignUp.signingUp' } } },
      },
      on: {
        'email.submit': [
          { guard: 'isEmailWellFormed', target: 'signingUp', actions: 'assignEmail' },
          { target: '.failed', actions: { type: 'assignInvalidInput', params: EMAIL_MESSAGE } },
        ],
      },
    },
    signingUp: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringEmail' } },
      invoke: {
        id: 'signUpWithAwsMarketplace',
        src: 'signUpWithAwsMarketplace',
        input: ({ context }: Args) => ({ email: context.email, registrationToken: context.registrationToken }),
        onDone: {
          target: 'awaitingConfirmation',
          actions: [
            { type: 'assignCodeSent', params: sentCode },
            { type: 'assignUserId', params: outputUserId },
          ],
        },
        onError: [
          { guard: 'isTokenInvalid', target: 'invalidToken', actions: 'assignError' },
          { target: 'enteringEmail.failed', actions: 'assignError' },
        ],
      },
    },
    awaitingConfirmation: {
      type: 'parallel',
      exit: 'dropQueuedResend',
      on: {
        'confirmation.submit': [
          { guard: 'isConfirmationComplete', target: 'confirming' },
          { target: '.feedback.failed', actions: { type: 'assignInvalidInput', params: ENTER_CONFIRMATION } },
        ],
        // The temporary password went to the old address: forget it and the new user.
        'email.change': { target: 'enteringEmail', actions: 'forgetCode' },
      },
      states: {
        resend: {
          initial: 'coolingDown',
          states: {
            coolingDown: {
              // A restored actor has no timer: drop the queue; `code.resend` re-arms the wake-up.
              meta: { persist: { reset: { resendQueued: false } } },
              after: { resendCooldown: [{ guard: 'isResendQueued', target: '#awsMarketplaceSignUp.resending' }, { target: 'available' }] },
              // Re-arms the wake-up (lost when a snapshot is restored) and sends when it fires.
              on: { 'code.resend': { target: 'coolingDown', reenter: true, actions: 'queueResend' } },
            },
            available: { on: { 'code.resend': '#awsMarketplaceSignUp.resending' } },
          },
        },
        feedback: { initial: 'idle', states: { idle: {}, failed: { tags: ['error'] } } },
      },
    },
    resending: {
      tags: ['busy'],
      entry: ['clearError', 'dropQueuedResend'],
      meta: { persist: { resumeAt: 'awaitingConfirmation' } },
      invoke: {
        id: 'resendSignUpConfirmationEmail',
        src: 'resendSignUpConfirmationEmail',
        input: emailInput,
        onDone: { target: 'awaitingConfirmation', actions: { type: 'assignCodeSent', params: sentCode } },
        onError: { target: 'awaitingConfirmation.feedback.failed', actions: 'assignResendFailed' },
      },
    },
    confirming: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'awaitingConfirmation' } },
      invoke: {
        id: 'confirmSignUp',
        src: 'confirmSignUp',
        input: confirmationInput,
        onDone: { target: 'enteringTenantName', actions: { type: 'assignUserId', params: outputUserId } },
        onError: { target: 'awaitingConfirmation.feedback.failed', actions: 'assignError' },
      },
    },
    enteringTenantName: {
      initial: 'editing',
      states: {
        editing: {},
        failed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#awsMarketplaceSignUp.creatingTenant' } } },
      },
      on: { 'tenant.submit': { target: 'creatingTenant', actions: assign({ tenantName: ({ event }) => textField(event, 'name') }) } },
    },
    creatingTenant: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringTenantName' } },
      invoke: {
        id: 'confirmSignUpWithAwsMarketplace',
        src: 'confirmSignUpWithAwsMarketplace',
        input: ({ context }: Args) => ({ registrationToken: context.registrationToken, ...(context.tenantName ? { tenantName: context.tenantName } : {}) }),
        onDone: { target: 'tenantCreated', actions: assign({ tenant: ({ event }: { event: DoneActorEvent<Tenant> }) => event.output }) },
        onError: [
          { guard: 'isTokenInvalid', target: 'invalidToken', actions: 'assignError' },
          { target: 'enteringTenantName.failed', actions: 'assignError' },
        ],
      },
    },
    choosingTenant: {
      initial: 'editing',
      states: {
        editing: {},
        failed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#awsMarketplaceSignUp.linkingTenant' } } },
      },
      on: {
        'tenant.choose': [
          { guard: 'isTenantOffered', target: 'linkingTenant', actions: assign({ tenantId: ({ event }) => event.tenantId }) },
          { target: '.failed', actions: { type: 'assignInvalidInput', params: CHOOSE_TENANT } },
        ],
        // A new tenant for the purchase instead of an existing one.
        'tenant.create': { target: 'enteringTenantName', actions: 'clearError' },
      },
    },
    linkingTenant: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'choosingTenant' } },
      invoke: {
        id: 'linkAwsMarketplace',
        src: 'linkAwsMarketplace',
        input: ({ context }: Args) => ({ registrationToken: context.registrationToken, tenantId: context.tenantId ?? '' }),
        onDone: { target: 'tenantLinked' },
        onError: [
          { guard: 'isTokenInvalid', target: 'invalidToken', actions: 'assignError' },
          { target: 'choosingTenant.failed', actions: 'assignError' },
        ],
      },
    },
    tenantCreated: {
      type: 'final',
      output: ({ context }) => (context.tenant ? { status: 'tenantCreated' as const, tenant: context.tenant } : { status: 'cancelled' as const }),
    },
    tenantLinked: { type: 'final', output: ({ context }) => ({ status: 'tenantLinked' as const, tenantId: context.tenantId ?? '' }) },
    invalidToken: {
      type: 'final',
      output: ({ context }) => ({ status: 'invalidToken' as const, error: context.error ?? invalidInputError(TOKEN_INVALID) }),
    },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
