import { setup } from 'xstate';
import type { ConfirmSignUpInput, ConfirmSignUpResult, CodeSent } from '../../services/flow.types.js';
import type { EmailInput, SignUpResult } from '../../services/sign-up.types.js';
import { initialCodeContext } from '../shared/code-context.js';
import { codeEntryDelays } from '../shared/code-entry.states.js';
import { signUpActions } from '../shared/flow.actions.js';
import { canRetry, isEmailWellFormed, isResendQueued } from '../shared/flow.guards.js';
import { flowTypes } from '../shared/flow.setup.js';
import { emailEntryState, inFlight } from '../shared/flow.states.js';
import { emailInput } from '../shared/mappers.js';
import { missingActor } from '../shared/missing-actor.js';
import { confirmationStates, isConfirmationComplete, signedUp } from './confirmation.js';
import type { SignUpContext, SignUpEvent, SignUpInput, SignUpOutput } from './sign-up.types.js';

const ID = 'signUp';

/**
 * Self sign-up (spec §5a): e-mail -> `signUp` -> awaiting confirmation of the mailed temporary
 * password (resend with cooldown) -> `confirmSignUp` (the app's first sign-in) -> confirmed.
 *
 * @example
 * const actor = createActor(createSaasusFlows(api, { confirmSignUp }).signUpMachine).start();
 * actor.send({ type: 'email.submit', email: 'ann@example.com' });
 */
export const signUpMachine = setup({
  types: flowTypes<SignUpContext, SignUpEvent, SignUpInput | undefined, SignUpOutput>(),
  actors: {
    signUp: missingActor<SignUpResult, EmailInput>(),
    resendSignUpConfirmationEmail: missingActor<CodeSent, EmailInput>(),
    confirmSignUp: missingActor<ConfirmSignUpResult, ConfirmSignUpInput>(),
  },
  guards: { isEmailWellFormed, isConfirmationComplete, canRetry, isResendQueued },
  actions: signUpActions<SignUpContext, SignUpEvent>(),
  delays: codeEntryDelays,
}).createMachine({
  id: ID,
  context: ({ input }) => ({ ...initialCodeContext(input), email: input?.email?.trim() ?? '' }),
  initial: 'enteringEmail',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as SignUpOutput,
  states: {
    enteringEmail: emailEntryState(ID, 'signingUp'),
    signingUp: {
      ...inFlight('enteringEmail'),
      invoke: { id: 'signUp', src: 'signUp', input: emailInput, onDone: signedUp, onError: { target: 'enteringEmail.failed', actions: 'assignError' } },
    },
    ...confirmationStates(ID, 'confirmed'),
    confirmed: {
      type: 'final',
      output: ({ context }) => ({ status: 'confirmed' as const, userId: context.userId ?? '', email: context.email }),
    },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
