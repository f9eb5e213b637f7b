import { fromPromise } from 'xstate';
import type { Tenant } from '../api/types.js';
import type {
  AwsMarketplaceSignUpActors,
  MarketplaceLinkInput,
  MarketplaceSignUpInput,
  MarketplaceTenantInput,
} from '../machines/aws-marketplace-sign-up/aws-marketplace-sign-up.types.js';
import type { SignUpResult } from '../machines/sign-up/sign-up.types.js';
import type { FlowServicesOptions } from './flow.types.js';
import type { FlowsApi } from './ports.js';
import { serviceRuntime } from './service-runtime.js';
import { confirmSignUpActor, resendConfirmationActor } from './sign-up.actors.js';

/** The operations the AWS Marketplace flow calls. */
export type AwsMarketplaceSignUpApi = Pick<
  FlowsApi,
  'signUpWithAwsMarketplace' | 'resendSignUpConfirmationEmail' | 'confirmSignUpWithAwsMarketplace' | 'linkAwsMarketplace'
>;

/**
 * The actors of `awsMarketplaceSignUpMachine` over an api. The token operations take the user
 * from `options.session` (after `confirmSignUp`, the new user's session); the actor's `signal`
 * reaches each request.
 */
export function awsMarketplaceSignUpActors(api: AwsMarketplaceSignUpApi, options?: FlowServicesOptions): AwsMarketplaceSignUpActors {
  const runtime = serviceRuntime(api, options);
  return {
    signUpWithAwsMarketplace: fromPromise<SignUpResult, MarketplaceSignUpInput>(async ({ input, signal }) => {
      const user = await api.signUpWithAwsMarketplace({ email: input.email, registration_token: input.registrationToken }, { signal });
      return { userId: user.id, sentAt: runtime.now() };
    }),
    resendSignUpConfirmationEmail: resendConfirmationActor(api, runtime),
    confirmSignUp: confirmSignUpActor(runtime),
    confirmSignUpWithAwsMarketplace: fromPromise<Tenant, MarketplaceTenantInput>(async ({ input, signal }) => {
      const { accessToken } = await runtime.session('confirmSignUpWithAwsMarketplace');
      return await api.confirmSignUpWithAwsMarketplace(
        { access_token: accessToken, registration_token: input.registrationToken, ...(input.tenantName ? { tenant_name: input.tenantName } : {}) },
        { signal },
      );
    }),
    linkAwsMarketplace: fromPromise<void, MarketplaceLinkInput>(async ({ input, signal }) => {
      const { accessToken } = await runtime.session('linkAwsMarketplace');
      await api.linkAwsMarketplace({ access_token: accessToken, registration_token: input.registrationToken, tenant_id: input.tenantId }, { signal });
    }),
  };
}
