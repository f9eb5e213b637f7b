import { fromPromise } from 'xstate';
import type { EmailUpdateActors } from '../machines/email-update/email-update.types.js';
import type { CodeInput, CodeSent, EmailInput } from '../machines/shared/flow.types.js';
import type { FlowServicesOptions } from './flow.types.js';
import type { FlowsApi } from './ports.js';
import { serviceRuntime } from './service-runtime.js';

/** The operations the e-mail update flow calls (both need the user's session). */
export type EmailUpdateApi = Pick<FlowsApi, 'requestEmailUpdate' | 'confirmEmailUpdate'>;

/**
 * The actors of `emailUpdateMachine` over an api; the user comes from `options.session` at each
 * call, and the actor's `signal` reaches the request.
 */
export function emailUpdateActors(api: EmailUpdateApi, options?: FlowServicesOptions): EmailUpdateActors {
  const runtime = serviceRuntime(api, options);
  return {
    requestEmailUpdate: fromPromise<CodeSent, EmailInput>(async ({ input, signal }) => {
      const { userId, accessToken } = await runtime.session('requestEmailUpdate');
      await api.requestEmailUpdate(userId, { email: input.email, access_token: accessToken }, { signal });
      return { sentAt: runtime.now() };
    }),
    confirmEmailUpdate: fromPromise<void, CodeInput>(async ({ input, signal }) => {
      const { userId, accessToken } = await runtime.session('confirmEmailUpdate');
      await api.confirmEmailUpdate(userId, { code: input.code, access_token: accessToken }, { signal });
    }),
  };
}
