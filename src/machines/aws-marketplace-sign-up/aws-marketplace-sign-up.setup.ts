import { assign, setup } from 'xstate';
import type { Tenant } from '../../api/types.js';
import type { MarketplaceLinkInput, MarketplaceSignUpInput, MarketplaceTenantInput } from '../../services/aws-marketplace-sign-up.types.js';
import type { CodeSent, ConfirmSignUpInput, ConfirmSignUpResult } from '../../services/flow.types.js';
import type { EmailInput, SignUpResult } from '../../services/sign-up.types.js';
import { codeForgotten } from '../shared/code-context.js';
import { resendCooldownDelay, systemNow } from '../shared/deadlines.js';
import { toFlowError } from '../shared/flow-error.js';
import type { FlowStateMeta, FlowTag } from '../shared/flow.types.js';
import { missingActor } from '../shared/missing-actor.js';
import { isWellFormedEmail } from '../shared/validation.js';
import { isConfirmationComplete } from '../sign-up/confirmation.js';
import type {
  AwsMarketplaceSignUpContext,
  AwsMarketplaceSignUpEvent,
  AwsMarketplaceSignUpInput,
  AwsMarketplaceSignUpOutput,
} from './aws-marketplace-sign-up.types.js';

const MACHINE = 'awsMarketplaceSignUpMachine';

/** The SaaSus error type of a refused registration token. */
const INVALID_TOKEN = 'invalid_registration_token';

/** Types, default actors, guards, actions and delays of `awsMarketplaceSignUpMachine`. */
export const awsMarketplaceSignUpSetup = setup({
  types: {
    context: {} as AwsMarketplaceSignUpContext,
    events: {} as AwsMarketplaceSignUpEvent,
    input: {} as AwsMarketplaceSignUpInput,
    output: {} as AwsMarketplaceSignUpOutput,
    tags: {} as FlowTag,
    meta: {} as FlowStateMeta,
  },
  actors: {
    signUpWithAwsMarketplace: missingActor<SignUpResult, MarketplaceSignUpInput>('signUpWithAwsMarketplace', MACHINE),
    resendSignUpConfirmationEmail: missingActor<CodeSent, EmailInput>('resendSignUpConfirmationEmail', MACHINE),
    confirmSignUp: missingActor<ConfirmSignUpResult, ConfirmSignUpInput>('confirmSignUp', MACHINE),
    confirmSignUpWithAwsMarketplace: missingActor<Tenant, MarketplaceTenantInput>('confirmSignUpWithAwsMarketplace', MACHINE),
    linkAwsMarketplace: missingActor<void, MarketplaceLinkInput>('linkAwsMarketplace', MACHINE),
  },
  guards: {
    hasNoToken: ({ context }) => context.registrationToken === '',
    isExistingCustomer: ({ context }) => context.tenants !== undefined,
    isEmailWellFormed: ({ event }) => event.type === 'email.submit' && isWellFormedEmail(event.email),
    isConfirmationComplete: ({ event }) => event.type === 'confirmation.submit' && isConfirmationComplete(event.confirmation),
    isTenantOffered: ({ context, event }) =>
      event.type === 'tenant.choose' && (context.tenants ?? []).some((tenant) => tenant.id === event.tenantId),
    isTokenInvalid: ({ event }) => 'error' in event && toFlowError(event.error).code === INVALID_TOKEN,
    canRetry: ({ context }) => context.error?.retryable === true,
    isResendQueued: ({ context }) => context.resendQueued,
  },
  actions: {
    clearError: assign({ error: undefined }),
    assignError: assign({ error: ({ event }) => toFlowError('error' in event ? event.error : undefined) }),
    queueResend: assign({ resendQueued: true }),
    dropQueuedResend: assign({ resendQueued: false }),
    forgetCode: assign(() => ({ ...codeForgotten(), userId: undefined, error: undefined })),
  },
  delays: {
    resendCooldown: resendCooldownDelay(systemNow),
  },
});
