import { fromPromise, type PromiseActorLogic } from 'xstate';
import type { CodeSent, EmailInput } from '../machines/shared/flow.types.js';
import type { ConfirmSignUpInput, ConfirmSignUpResult, SignUpActors, SignUpResult } from '../machines/sign-up/sign-up.types.js';
import type { FlowServicesOptions } from './flow.types.js';
import type { FlowsApi } from './ports.js';
import { serviceRuntime, type ServiceRuntime } from './service-runtime.js';

/** The operations the sign-up flow calls. */
export type SignUpApi = Pick<FlowsApi, 'signUp' | 'resendSignUpConfirmationEmail'>;

/** `resendSignUpConfirmationEmail`, shared by the sign-up and Marketplace flows. */
export function resendConfirmationActor(
  api: Pick<SignUpApi, 'resendSignUpConfirmationEmail'>,
  runtime: ServiceRuntime,
): PromiseActorLogic<CodeSent, EmailInput> {
  return fromPromise<CodeSent, EmailInput>(async ({ input, signal }) => {
    await api.resendSignUpConfirmationEmail({ email: input.email }, { signal });
    return { sentAt: runtime.now() };
  });
}

/** `confirmSignUp` over the app's step; passes on only the user id. */
export function confirmSignUpActor(runtime: ServiceRuntime): PromiseActorLogic<ConfirmSignUpResult, ConfirmSignUpInput> {
  return fromPromise<ConfirmSignUpResult, ConfirmSignUpInput>(async ({ input, signal }) => {
    const { userId } = await runtime.confirmSignUp(input, { signal });
    return { userId };
  });
}

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
    resendSignUpConfirmationEmail: resendConfirmationActor(api, runtime),
    confirmSignUp: confirmSignUpActor(runtime),
  };
}
