import { fromPromise } from 'xstate';
import type { MfaPreference, SoftwareTokenSecretCode } from '../api/types.js';
import type { MfaSetupActors } from '../machines/mfa-setup/mfa-setup.types.js';
import type { CodeInput, EmptyInput } from '../machines/shared/flow.types.js';
import type { FlowServicesOptions } from './flow.types.js';
import type { FlowsApi } from './ports.js';
import { serviceRuntime } from './service-runtime.js';

/** The operations the MFA (authenticator app) flow calls. */
export type MfaSetupApi = Pick<FlowsApi, 'getUserMfaPreference' | 'createSecretCode' | 'updateSoftwareToken' | 'updateUserMfaPreference'>;

/**
 * The actors of `mfaSetupMachine` over an api; the user comes from `options.session`, and the
 * actor's `signal` reaches the request.
 */
export function mfaSetupActors(api: MfaSetupApi, options?: FlowServicesOptions): MfaSetupActors {
  const runtime = serviceRuntime(api, options);
  return {
    getUserMfaPreference: fromPromise<MfaPreference, EmptyInput>(async ({ signal }) => {
      const { userId } = await runtime.session('getUserMfaPreference');
      return await api.getUserMfaPreference(userId, { signal });
    }),
    createSecretCode: fromPromise<SoftwareTokenSecretCode, EmptyInput>(async ({ signal }) => {
      const { userId, accessToken } = await runtime.session('createSecretCode');
      return await api.createSecretCode(userId, { access_token: accessToken }, { signal });
    }),
    updateSoftwareToken: fromPromise<void, CodeInput>(async ({ input, signal }) => {
      const { userId, accessToken } = await runtime.session('updateSoftwareToken');
      await api.updateSoftwareToken(userId, { access_token: accessToken, verification_code: input.code }, { signal });
    }),
    updateUserMfaPreference: fromPromise<void, MfaPreference>(async ({ input, signal }) => {
      const { userId } = await runtime.session('updateUserMfaPreference');
      await api.updateUserMfaPreference(userId, input, { signal });
    }),
  };
}
