import type { EventObject } from 'xstate';
import { isSixDigitCode, isWellFormedEmail } from '../../api/validation.js';
import { isEventOf } from './events.js';
import { failureOf, isDeadCodeError, type FlowError } from './flow-error.js';
import type { CodeContext, CodeSubmitEvent, EmailSubmitEvent } from './flow.types.js';

/*
 * Guards several flows share, for `setup({ guards })`. Each reads only the context fields or
 * the event it names, so any flow machine with those fields can list it.
 */

/** The failure shown may go away when the same request is sent again (`flow.retry`). */
export function canRetry({ context }: { context: { error?: FlowError } }): boolean {
  return context.error?.retryable === true;
}

/** A `code.resend` arrived during the cooldown: send it when the cooldown ends. */
export function isResendQueued({ context }: { context: CodeContext }): boolean {
  return context.resendQueued;
}

/** The submitted address looks like one (the server has the last word). */
export function isEmailWellFormed({ event }: { event: EventObject }): boolean {
  return isEventOf<EmailSubmitEvent>(event, 'email.submit') && isWellFormedEmail(event.email);
}

/**
 * The submitted code is filled in as a code is: six digits (mailed codes and authenticator
 * codes both are). The name is the machines' public guard name, shown in their diagrams.
 */
export function isCodeFilled({ event }: { event: EventObject }): boolean {
  return isEventOf<CodeSubmitEvent>(event, 'code.submit') && isSixDigitCode(event.code);
}

/** The code submission failed for good: the code expired or has no attempts left. */
export function isCodeDead({ event }: { event: EventObject }): boolean {
  return isDeadCodeError(failureOf(event));
}
