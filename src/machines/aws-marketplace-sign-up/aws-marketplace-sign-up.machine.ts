import { assign, setup, type DoneActorEvent } from 'xstate';
import type { Tenant } from '../../api/types.js';
import type { MarketplaceLinkInput, MarketplaceSignUpInput, MarketplaceTenantInput } from '../../services/aws-marketplace-sign-up.types.js';
import type { CodeSent, ConfirmSignUpInput, ConfirmSignUpResult } from '../../services/flow.types.js';
import type { EmailInput, SignUpResult } from '../../services/sign-up.types.js';
import { initialCodeContext } from '../shared/code-context.js';
import { codeEntryDelays } from '../shared/code-entry.states.js';
import { failureOf, invalidInputError } from '../shared/flow-error.js';
import { signUpActions } from '../shared/flow.actions.js';
import { canRetry, isEmailWellFormed, isResendQueued } from '../shared/flow.guards.js';
import { flowTypes } from '../shared/flow.setup.js';
import { emailEntryState, formStates, refuse, request } from '../shared/flow.states.js';
import { CHOOSE_TENANT, TOKEN_INVALID, TOKEN_MISSING } from '../shared/messages.js';
import { missingActor } from '../shared/missing-actor.js';
import { confirmationStates, isConfirmationComplete, signedUp } from '../sign-up/confirmation.js';
import type {
  AwsMarketplaceSignUpContext,
  AwsMarketplaceSignUpEvent,
  AwsMarketplaceSignUpInput,
  AwsMarketplaceSignUpOutput,
  TenantChooseEvent,
} from './aws-marketplace-sign-up.types.js';

const ID = 'awsMarketplaceSignUp';

/** The SaaSus error type of a refused registration token. */
const INVALID_TOKEN = 'invalid_registration_token';

type Args = { context: AwsMarketplaceSignUpContext };

/**
 * A state sending a request that carries the token, from the form `back` (where it resumes, and
 * whose `failed` substate shows a failure): invokes `src` (also its id). A refused token ends the flow.
 */
function tokenRequest<const TBack extends string, const TSrc extends string, const TInput, const TDone>(back: TBack, src: TSrc, input: TInput, onDone: TDone) {
  return request(back, src, input, onDone, [
    { guard: 'isTokenInvalid', target: 'invalidToken', actions: 'assignError' },
    { target: `${back}.failed`, actions: 'assignError' },
  ] as const);
}

/**
 * AWS Marketplace onboarding (spec §5e), from the landing page's registration token. New
 * buyer: e-mail -> `signUpWithAwsMarketplace` -> awaiting confirmation (as sign-up) ->
 * `confirmSignUp` -> tenant name -> `confirmSignUpWithAwsMarketplace` -> tenantCreated.
 * Existing customer (`input.tenants`): choose a tenant -> `linkAwsMarketplace` -> tenantLinked.
 * A refused token (`invalid_registration_token`) ends the flow as `invalidToken`.
 */
export const awsMarketplaceSignUpMachine = setup({
  types: flowTypes<AwsMarketplaceSignUpContext, AwsMarketplaceSignUpEvent, AwsMarketplaceSignUpInput, AwsMarketplaceSignUpOutput>(),
  actors: {
    signUpWithAwsMarketplace: missingActor<SignUpResult, MarketplaceSignUpInput>(),
    resendSignUpConfirmationEmail: missingActor<CodeSent, EmailInput>(),
    confirmSignUp: missingActor<ConfirmSignUpResult, ConfirmSignUpInput>(),
    confirmSignUpWithAwsMarketplace: missingActor<Tenant, MarketplaceTenantInput>(),
    linkAwsMarketplace: missingActor<void, MarketplaceLinkInput>(),
  },
  guards: {
    hasNoToken: ({ context }) => context.registrationToken === '',
    isExistingCustomer: ({ context }) => context.tenants !== undefined,
    isEmailWellFormed,
    isConfirmationComplete,
    // Only on `tenant.choose`.
    isTenantOffered: ({ context, event }) => !!context.tenants?.some((tenant) => tenant.id === (event as TenantChooseEvent).tenantId),
    isTokenInvalid: ({ event }) => failureOf(event).code === INVALID_TOKEN,
    canRetry,
    isResendQueued,
  },
  actions: signUpActions<AwsMarketplaceSignUpContext, AwsMarketplaceSignUpEvent>(),
  delays: codeEntryDelays,
}).createMachine({
  id: ID,
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
        { guard: 'hasNoToken', target: 'invalidToken', actions: { type: 'assignInvalidInput', params: TOKEN_MISSING } },
        { guard: 'isExistingCustomer', target: 'choosingTenant' },
        { target: 'enteringEmail' },
      ],
    },
    enteringEmail: emailEntryState(ID, 'signingUp'),
    signingUp: tokenRequest(
      'enteringEmail',
      'signUpWithAwsMarketplace',
      ({ context }: Args) => ({ email: context.email, registrationToken: context.registrationToken }),
      signedUp,
    ),
    ...confirmationStates(ID, 'enteringTenantName'),
    enteringTenantName: {
      ...formStates(ID, 'creatingTenant'),
      on: { 'tenant.submit': { target: 'creatingTenant', actions: assign({ tenantName: ({ event }) => event.name.trim() }) } },
    },
    creatingTenant: tokenRequest(
      'enteringTenantName',
      'confirmSignUpWithAwsMarketplace',
      ({ context }: Args) => ({ registrationToken: context.registrationToken, ...(context.tenantName ? { tenantName: context.tenantName } : {}) }),
      { target: 'tenantCreated', actions: assign({ tenant: ({ event }: { event: DoneActorEvent<Tenant> }) => event.output }) },
    ),
    choosingTenant: {
      ...formStates(ID, 'linkingTenant'),
      on: {
        'tenant.choose': [
          { guard: 'isTenantOffered', target: 'linkingTenant', actions: assign({ tenantId: ({ event }) => event.tenantId }) },
          refuse('.failed', CHOOSE_TENANT),
        ],
      },
    },
    linkingTenant: tokenRequest(
      'choosingTenant',
      'linkAwsMarketplace',
      ({ context }: Args) => ({ registrationToken: context.registrationToken, tenantId: context.tenantId ?? '' }),
      { target: 'tenantLinked' },
    ),
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
