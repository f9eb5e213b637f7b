import type { DoneActorEvent, EventObject } from 'xstate';
import type { ConfirmSignUpInput, SignUpConfirmation } from '../../services/flow.types.js';
import { changeEmail, codeEntryState, resendingState } from '../shared/code-entry.states.js';
import { isEventOf } from '../shared/events.js';
import { refuse, request } from '../shared/flow.states.js';
import { emailInput, sentCode } from '../shared/mappers.js';
import { ENTER_CONFIRMATION } from '../shared/messages.js';
import { isFilled } from '../shared/validation.js';
import type { ConfirmationSubmitEvent } from './sign-up.types.js';

/*
 * The confirmation step of the sign-up flows (sign-up, and AWS Marketplace for a new buyer):
 * the mailed temporary password is proven by the app's first sign-in (`confirmSignUp`).
 */

function isComplete(confirmation: SignUpConfirmation): boolean {
  return confirmation.method === 'callbackCode'
    ? isFilled(confirmation.code)
    : isFilled(confirmation.temporaryPassword) && isFilled(confirmation.newPassword);
}

/** Guard: the submitted confirmation has everything its method needs. */
export function isConfirmationComplete({ event }: { event: EventObject }): boolean {
  return isEventOf<ConfirmationSubmitEvent>(event, 'confirmation.submit') && isComplete(event.confirmation);
}

/** The input of `confirmSignUp`; the submitted confirmation is never kept in context. */
function confirmationInput({ context, event }: { context: { email: string; userId?: string }; event: EventObject }): ConfirmSignUpInput {
  // Entered only by a complete `confirmation.submit` (`isConfirmationComplete`).
  return { email: context.email, userId: context.userId, confirmation: (event as ConfirmationSubmitEvent).confirmation };
}

/** The new user's id a sign-up request or `confirmSignUp` reported: `params` of `assignUserId`. */
function outputUserId({ event }: { event: DoneActorEvent<{ userId: string }> }): string {
  return event.output.userId;
}

/** `onDone` of the sign-up request: the temporary password was mailed to the new user. */
export const signedUp = {
  target: 'awaitingConfirmation',
  actions: [
    { type: 'assignCodeSent', params: sentCode },
    { type: 'assignUserId', params: outputUserId },
  ],
} as const;

/**
 * `awaitingConfirmation` (see `codeEntryState`: a complete `confirmation.submit` goes to
 * `confirming`, `email.change` starts over), `resending` (`resendSignUpConfirmationEmail`) and
 * `confirming` (`confirmSignUp`: success goes to `confirmed`, a failure back with it).
 *
 * Needs the guards `isConfirmationComplete` and `isResendQueued`, the actions of
 * `signUpActions`, and the `resendCooldown` delay.
 */
export function confirmationStates<const TMachine extends string, const TConfirmed extends string>(machine: TMachine, confirmed: TConfirmed) {
  return {
    awaitingConfirmation: codeEntryState(machine, {
      'confirmation.submit': [{ guard: 'isConfirmationComplete', target: 'confirming' }, refuse('.feedback.failed', ENTER_CONFIRMATION)],
      'email.change': changeEmail,
    }),
    resending: resendingState('awaitingConfirmation', 'resendSignUpConfirmationEmail', emailInput),
    confirming: request(
      'awaitingConfirmation',
      'confirmSignUp',
      confirmationInput,
      { target: confirmed, actions: { type: 'assignUserId', params: outputUserId } },
      { target: 'awaitingConfirmation.feedback.failed', actions: 'assignError' },
    ),
  } as const;
}
