import { assertEvent, assign } from 'xstate';
import { codeSent, initialCodeContext, resendFailed } from '../shared/code-context.js';
import { invalidInputError, toFlowError } from '../shared/flow-error.js';
import { awsMarketplaceSignUpSetup } from './aws-marketplace-sign-up.setup.js';
import type { AwsMarketplaceSignUpOutput } from './aws-marketplace-sign-up.types.js';

/**
 * AWS Marketplace onboarding (spec §5e), from the landing page's registration token. New
 * buyer: e-mail -> `signUpWithAwsMarketplace` -> awaiting confirmation (as sign-up) ->
 * `confirmSignUp` -> tenant name -> `confirmSignUpWithAwsMarketplace` -> tenantCreated.
 * Existing customer (`input.tenants`): choose a tenant -> `linkAwsMarketplace` -> tenantLinked.
 * A refused token (`invalid_registration_token`) ends the flow as `invalidToken`.
 */
export const awsMarketplaceSignUpMachine = awsMarketplaceSignUpSetup.createMachine({
  id: 'awsMarketplaceSignUp',
  context: ({ input }) => ({
    ...initialCodeContext(input),
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
        { guard: 'hasNoToken', target: 'invalidToken', actions: assign({ error: () => invalidInputError('The registration token is missing.') }) },
        { guard: 'isExistingCustomer', target: 'choosingTenant' },
        { target: 'enteringEmail' },
      ],
    },
    enteringEmail: {
      initial: 'editing',
      on: {
        'email.submit': [
          { guard: 'isEmailWellFormed', target: 'signingUp', actions: assign({ email: ({ event }) => event.email.trim() }) },
          { target: '.failed', actions: assign({ error: () => invalidInputError('Enter a valid e-mail address.') }) },
        ],
      },
      states: {
        editing: {},
        failed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#awsMarketplaceSignUp.signingUp' } } },
      },
    },
    signingUp: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringEmail' } },
      invoke: {
        id: 'signUpWithAwsMarketplace',
        src: 'signUpWithAwsMarketplace',
        input: ({ context }) => ({ email: context.email, registrationToken: context.registrationToken }),
        onDone: {
          target: 'awaitingConfirmation',
          actions: assign(({ context, event }) => ({ ...codeSent(context, event.output), userId: event.output.userId })),
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
          {
            target: '.feedback.failed',
            actions: assign({ error: () => invalidInputError('Enter the code, or the temporary and the new password.') }),
          },
        ],
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
        input: ({ context }) => ({ email: context.email }),
        onDone: { target: 'awaitingConfirmation', actions: assign(({ context, event }) => codeSent(context, event.output)) },
        onError: {
          target: 'awaitingConfirmation.feedback.failed',
          actions: assign(({ context, event }) => resendFailed(context, toFlowError(event.error))),
        },
      },
    },
    confirming: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'awaitingConfirmation' } },
      invoke: {
        id: 'confirmSignUp',
        src: 'confirmSignUp',
        input: ({ context, event }) => {
          assertEvent(event, 'confirmation.submit');
          return { email: context.email, userId: context.userId, confirmation: event.confirmation };
        },
        onDone: { target: 'enteringTenantName', actions: assign({ userId: ({ event }) => event.output.userId }) },
        onError: { target: 'awaitingConfirmation.feedback.failed', actions: 'assignError' },
      },
    },
    enteringTenantName: {
      initial: 'editing',
      on: { 'tenant.submit': { target: 'creatingTenant', actions: assign({ tenantName: ({ event }) => event.name.trim() }) } },
      states: {
        editing: {},
        failed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#awsMarketplaceSignUp.creatingTenant' } } },
      },
    },
    creatingTenant: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'enteringTenantName' } },
      invoke: {
        id: 'confirmSignUpWithAwsMarketplace',
        src: 'confirmSignUpWithAwsMarketplace',
        input: ({ context }) => ({
          registrationToken: context.registrationToken,
          ...(context.tenantName ? { tenantName: context.tenantName } : {}),
        }),
        onDone: { target: 'tenantCreated', actions: assign({ tenant: ({ event }) => event.output }) },
        onError: [
          { guard: 'isTokenInvalid', target: 'invalidToken', actions: 'assignError' },
          { target: 'enteringTenantName.failed', actions: 'assignError' },
        ],
      },
    },
    choosingTenant: {
      initial: 'editing',
      on: {
        'tenant.choose': [
          { guard: 'isTenantOffered', target: 'linkingTenant', actions: assign({ tenantId: ({ event }) => event.tenantId }) },
          { target: '.failed', actions: assign({ error: () => invalidInputError('Choose one of your tenants.') }) },
        ],
      },
      states: {
        editing: {},
        failed: { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: '#awsMarketplaceSignUp.linkingTenant' } } },
      },
    },
    linkingTenant: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'choosingTenant' } },
      invoke: {
        id: 'linkAwsMarketplace',
        src: 'linkAwsMarketplace',
        input: ({ context }) => ({ registrationToken: context.registrationToken, tenantId: context.tenantId ?? '' }),
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
      output: ({ context }) => ({
        status: 'invalidToken' as const,
        error: context.error ?? invalidInputError('The registration token is not valid.'),
      }),
    },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
