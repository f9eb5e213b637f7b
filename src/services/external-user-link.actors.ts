import { fromPromise } from 'xstate';
import type { ExternalUserLinkActors, ProviderInput } from '../machines/external-user-link/external-user-link.types.js';
import type { CodeInput, CodeSent, EmptyInput } from '../machines/shared/flow.types.js';
import type { FlowServicesOptions } from './flow.types.js';
import type { FlowsApi } from './ports.js';
import { serviceRuntime } from './service-runtime.js';

/** The operations the external-identity link flow calls. */
export type ExternalUserLinkApi = Pick<FlowsApi, 'requestExternalUserLink' | 'confirmExternalUserLink' | 'unlinkProvider'>;

/**
 * The actors of `externalUserLinkMachine` over an api; the user comes from `options.session`,
 * and the actor's `signal` reaches the request.
 */
export function externalUserLinkActors(api: ExternalUserLinkApi, options?: FlowServicesOptions): ExternalUserLinkActors {
  const runtime = serviceRuntime(api, options);
  return {
    requestExternalUserLink: fromPromise<CodeSent, EmptyInput>(async ({ signal }) => {
      const { accessToken } = await runtime.session('requestExternalUserLink');
      await api.requestExternalUserLink({ access_token: accessToken }, { signal });
      return { sentAt: runtime.now() };
    }),
    confirmExternalUserLink: fromPromise<void, CodeInput>(async ({ input, signal }) => {
      const { accessToken } = await runtime.session('confirmExternalUserLink');
      await api.confirmExternalUserLink({ access_token: accessToken, code: input.code }, { signal });
    }),
    unlinkProvider: fromPromise<void, ProviderInput>(async ({ input, signal }) => {
      const { userId } = await runtime.session('unlinkProvider');
      await api.unlinkProvider(input.provider, userId, { signal });
    }),
  };
}
