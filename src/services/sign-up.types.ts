import type { PromiseActorLogic } from 'xstate';
import type { CodeSent, ConfirmSignUpInput, ConfirmSignUpResult } from './flow.types.js';
import type { FlowsApi } from './ports.js';

/** The operations the sign-up flow calls. */
export type SignUpApi = Pick<FlowsApi, 'signUp' | 'resendSignUpConfirmationEmail'>;

/** Input of `signUp` and `resendSignUpConfirmationEmail`. */
export interface EmailInput {
  email: string;
}

/** What `signUp` reports: the new user's id and when the temporary password was mailed. */
export interface SignUpResult extends CodeSent {
  userId: string;
}

/** The actors `signUpMachine` invokes (invoke id = actor name = operation). */
export interface SignUpActors {
  signUp: PromiseActorLogic<SignUpResult, EmailInput>;
  resendSignUpConfirmationEmail: PromiseActorLogic<CodeSent, EmailInput>;
  confirmSignUp: PromiseActorLogic<ConfirmSignUpResult, ConfirmSignUpInput>;
}
