import { fromPromise } from 'xstate';
import type { Tenant } from '../api/types.js';
import type {
  AwsMarketplaceSignUpActors,
  AwsMarketplaceSignUpApi,
  MarketplaceLinkInput,
  MarketplaceSignUpInput,
  MarketplaceTenantInput,
} from './aws-marketplace-sign-up.types.js';
import type { FlowServicesOptions } from './flow.types.js';
import { serviceRuntime } from './service-runtime.js';
import type { SignUpResult } from './sign-up.types.js';
import { confirmSignUpActor, resendConfirmationActor } from './sign-up.service.js';

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
