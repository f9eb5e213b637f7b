import { assign, type ActionFunction, type EventObject, type MachineContext, type NonReducibleUnknown } from 'xstate';
import { codeForgotten, codeSent, resendFailed } from './code-context.js';
import { textField } from './events.js';
import { failureOf, invalidInputError, type FlowError } from './flow-error.js';
import type { CodeContext, CodeSent } from './flow.types.js';

/** An action as `setup({ actions })` of a machine with context `TContext` and events `TEvent` takes it. */
export type FlowAction<TContext extends MachineContext, TEvent extends EventObject, TParams = NonReducibleUnknown> = ActionFunction<
  TContext,
  TEvent,
  TEvent,
  TParams,
  never,
  never,
  never,
  never,
  never
>;

/** The context fields the shared actions write; each factory's constraint says a machine has them. */
type SharedFields = Partial<CodeContext & { error: FlowError | undefined; email: string; userId: string | undefined }>;

/**
 * `assign` for the shared actions. The update is written once against the shared fields, so its
 * result is cast to the machine's context here, and only here: the factories below require the
 * fields their actions write.
 */
function patch<TContext extends MachineContext, TEvent extends EventObject, TParams = NonReducibleUnknown>(
  update: (args: { context: TContext; event: TEvent }, params: TParams) => SharedFields,
): FlowAction<TContext, TEvent, TParams> {
  return assign<TContext, TEvent, TParams, TEvent, never>(update as (args: { context: TContext; event: TEvent }, params: TParams) => Partial<TContext>);
}

/**
 * The failure handling of every flow: `clearError`, `assignError` (the rejection of the
 * invoked actor, as a {@link FlowError}) and `assignInvalidInput` (`params`: the message).
 *
 * @example
 * setup({ actions: { ...flowActions<MfaSetupContext, MfaSetupEvent>(), forgetSecret } })
 */
export function flowActions<TContext extends MachineContext & { error?: FlowError }, TEvent extends EventObject>() {
  return {
    clearError: patch<TContext, TEvent>(() => ({ error: undefined })),
    assignError: patch<TContext, TEvent>(({ event }) => ({ error: failureOf(event) })),
    assignInvalidInput: patch<TContext, TEvent, string>((_, message) => ({ error: invalidInputError(message) })),
  };
}

/**
 * {@link flowActions} and the actions of a code-entry state (`enteringCode`, `awaitingConfirmation`):
 * `assignCodeSent` (`params`: the {@link CodeSent} of a request), `assignResendFailed`,
 * `queueResend`, `dropQueuedResend`, and `forgetCode`, which also resets the fields in `forget`.
 */
export function codeEntryActions<TContext extends MachineContext & CodeContext & { error?: FlowError }, TEvent extends EventObject>(
  forget?: Partial<TContext>,
) {
  return {
    ...flowActions<TContext, TEvent>(),
    assignCodeSent: patch<TContext, TEvent, CodeSent>(({ context }, sent) => codeSent(context, sent)),
    assignResendFailed: patch<TContext, TEvent>(({ context, event }) => resendFailed(context, failureOf(event))),
    queueResend: patch<TContext, TEvent>(() => ({ resendQueued: true })),
    dropQueuedResend: patch<TContext, TEvent>(() => ({ resendQueued: false })),
    forgetCode: patch<TContext, TEvent>(() => ({ ...codeForgotten(), ...forget, error: undefined })),
  };
}

/** The action of `enteringEmail`: `assignEmail` keeps the submitted address, trimmed. */
export function emailEntryActions<TContext extends MachineContext & { email: string }, TEvent extends EventObject>() {
  return {
    // Only on an `email.submit` that `isEmailWellFormed` let through.
    assignEmail: patch<TContext, TEvent>(({ event }) => ({ email: textField(event, 'email') })),
  };
}

/**
 * The actions of the sign-up flows (sign-up, AWS Marketplace): {@link codeEntryActions},
 * whose `forgetCode` forgets the new user too, {@link emailEntryActions}, and `assignUserId`
 * (`params`: the new user's id).
 */
export function signUpActions<
  TContext extends MachineContext & CodeContext & { email: string; userId?: string; error?: FlowError },
  TEvent extends EventObject,
>() {
  return {
    // `userId?: string` is in TContext, but TypeScript cannot see that a generic Partial<TContext> takes it.
    ...codeEntryActions<TContext, TEvent>({ userId: undefined } as Partial<TContext>),
    ...emailEntryActions<TContext, TEvent>(),
    assignUserId: patch<TContext, TEvent, string>((_, userId) => ({ userId })),
  };
}
