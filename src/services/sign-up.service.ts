import { fromPromise } from 'xstate';
import type { CodeSent, ConfirmSignUpInput, ConfirmSignUpResult, FlowServicesOptions } from './flow.types.js';
import { serviceRuntime } from './service-runtime.js';
import type { EmailInput, SignUpActors, SignUpApi, SignUpResult } from './sign-up.types.js';

/**
 * The actors of `signUpMachine` over an api. Each passes the actor's `signal` to its request,
 * so leaving a state aborts it.
 *
 * @example
 * const machine = signUpMachine.provide({ actors: signUpActors(api, { confirmSignUp }) });
 */
export function signUpActors(api: SignUpApi, options?: FlowServicesOptions): SignUpActors {
  const runtime = serviceRuntime(api, options);
  return {
    signUp: fromPromise<SignUpResult, EmailInput>(async ({ input, signal }) => {
      const user = await api.signUp({ email: input.email }, { signal });
      return { userId: user.id, sentAt: runtime.now() };
    }),
    resendSignUpConfirmationEmail: fromPromise<CodeSent, EmailInput>(async ({ input, signal }) => {
      await api.resendSignUpConfirmationEmail({ email: input.email }, { signal });
      return { sentAt: runtime.now() };
    }),
    confirmSignUp: fromPromise<ConfirmSignUpResult, ConfirmSignUpInput>(async ({ input, signal }) => {
      const { userId } = await runtime.confirmSignUp(input, { signal });
      return { userId };
    }),
  };
}
