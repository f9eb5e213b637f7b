import type { DoneActorEvent, EventObject } from 'xstate';
import type { CodeSettingsInput } from '../shared/code-context.js';
import { isEventOf, textField } from '../shared/events.js';
import type { ConfirmationSubmitEvent, ConfirmSignUpInput, SignUpConfirmation } from './sign-up.types.js';

/*
 * The guard, input and action params of the confirmation step the two sign-up flows share
 * (sign-up, and AWS Marketplace for a new buyer): the mailed temporary password is proven by
 * the app's first sign-in (`confirmSignUp`). A callback code or a password is not a six-digit
 * code, so a confirmation is only checked for being filled in.
 */

/** `value[field]` is a filled-in string (anything else, `null` and numbers included, is not). */
function isFilled(value: object, field: string): boolean {
  return textField(value as { type: string }, field) !== '';
}

/** Whether `confirmation` (as sent: anything) names a method and fills in what it needs. */
function isComplete(confirmation: unknown): confirmation is SignUpConfirmation {
  if (typeof confirmation !== 'object' || confirmation === null) return false;
  const { method } = confirmation as { method?: unknown };
  if (method === 'callbackCode') return isFilled(confirmation, 'code');
  return method === 'newPassword' && isFilled(confirmation, 'temporaryPassword') && isFilled(confirmation, 'newPassword');
}

/** Guard: the submitted confirmation has everything its method needs; a missing or malformed one has not. */
export function isConfirmationComplete({ event }: { event: EventObject }): boolean {
  return isEventOf<ConfirmationSubmitEvent>(event, 'confirmation.submit') && isComplete(event.confirmation);
}

/** The input of `confirmSignUp`; the submitted confirmation is never kept in context. */
export function confirmationInput({ context, event }: { context: { email: string; userId?: string }; event: EventObject }): ConfirmSignUpInput {
  // Entered only by a complete `confirmation.submit` (`isConfirmationComplete`).
  return { email: context.email, userId: context.userId, confirmation: (event as ConfirmationSubmitEvent).confirmation };
}

/** The new user's id a sign-up request or `confirmSignUp` reported: `params` of `assignUserId`. */
export function outputUserId({ event }: { event: DoneActorEvent<{ userId: string }> }): string {
  return event.output.userId;
}

/** Settings of a flow that mails a temporary password. */
export interface TemporaryPasswordSettings extends CodeSettingsInput {
  /**
   * The password policy's `temporary_password_validity_days`: `codeExpiresAt` is the mail's
   * time plus this many days. Default 7, as SaaSus. An explicit `codeTtlMs` wins.
   */
  temporaryPasswordValidityDays?: number;
}

/** SaaSus's default `temporary_password_validity_days`. */
export const DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS = 7;

/** The code settings of a temporary-password flow: `codeTtlMs` from the validity in days. */
export function temporaryPasswordSettings(input: TemporaryPasswordSettings | undefined): CodeSettingsInput {
  const days = input?.temporaryPasswordValidityDays as number;
  // `days > 0` is false for anything but a positive number (NaN, undefined): then the default.
  return { ...input, codeTtlMs: input?.codeTtlMs ?? (days > 0 ? days : DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS) * 864e5 };
}
