import type { DoneActorEvent, EventObject } from 'xstate';
import { textField } from './events.js';
import type { CodeInput, CodeSent, EmailInput } from './flow.types.js';

/*
 * Invoke inputs and action params several flows share. Each takes only what it reads, so it
 * fits any flow machine that has it.
 */

/** The context's address, as the input of a request that mails it. */
export function emailInput({ context }: { context: { email: string } }): EmailInput {
  return { email: context.email };
}

/** The submitted code, trimmed, as the input of the request checking it (never kept in context); taken only after `isCodeFilled`. */
export function submittedCode({ event }: { event: EventObject }): CodeInput {
  return { code: textField(event, 'code') };
}

/** What a code-sending request reported: `params` of `assignCodeSent`. */
export function sentCode({ event }: { event: DoneActorEvent<CodeSent> }): CodeSent {
  return event.output;
}
