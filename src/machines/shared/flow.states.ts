import { ENTER_EMAIL } from './messages.js';

/*
 * State-config builders the flows share. They return plain configs naming guards and actions
 * (`canRetry`, `clearError`, `assignInvalidInput`, …): the machine's `createMachine` checks
 * each name against its `setup`, and the literal state names keep the machine's types exact.
 * Names come in as type parameters of their own: a property read of a generic options object
 * widens to its constraint (`string`), which would lose them.
 */

/** `{ [key]: value }` with the key's literal type kept (a computed key alone widens to `string`). */
export function keyed<const TKey extends string, const TValue>(key: TKey, value: TValue): { [K in TKey]: TValue } {
  return { [key]: value } as { [K in TKey]: TValue };
}

/**
 * The frame of a state with a request in flight: tagged `busy`, the last failure cleared, and,
 * given `resumeAt`, saved by `persistFlow` as that state (the step the request was sent from).
 * Without it the state is saved as it is (a read, or an idempotent write, runs again).
 *
 * @example
 * signingUp: { ...inFlight('enteringEmail'), invoke: { id: 'signUp', src: 'signUp', … } }
 */
export function inFlight(): { readonly tags: readonly ['busy']; readonly entry: 'clearError' };
export function inFlight<const TResumeAt extends string>(
  resumeAt: TResumeAt,
): { readonly tags: readonly ['busy']; readonly entry: 'clearError'; readonly meta: { readonly persist: { readonly resumeAt: TResumeAt } } };
export function inFlight(resumeAt?: string): object {
  return resumeAt === undefined
    ? { tags: ['busy'], entry: 'clearError' }
    : { tags: ['busy'], entry: 'clearError', meta: { persist: { resumeAt } } };
}

/**
 * A state sending the request `src` (also the invoke's id) from `resumeAt` (see {@link inFlight}).
 *
 * @example
 * confirming: request('awaitingConfirmation', 'confirmSignUp', confirmationInput, { target: 'confirmed' }, failed)
 */
export function request<const TResumeAt extends string, const TSrc extends string, const TInput, const TDone, const TError>(
  resumeAt: TResumeAt,
  src: TSrc,
  input: TInput,
  onDone: TDone,
  onError: TError,
) {
  return { ...inFlight(resumeAt), invoke: { id: src, src, input, onDone, onError } } as const;
}

/** Refuses a form value: the form's `.failed` substate shows `message`. */
export function refuse<const TFailed extends string>(failed: TFailed, message: string) {
  return { target: failed, actions: { type: 'assignInvalidInput', params: message } } as const;
}

/** A substate showing a failure; `flow.retry` sends the request of `#machine.target` again, if it may succeed. */
export function retryFailed<const TMachine extends string, const TTarget extends string>(machine: TMachine, target: TTarget) {
  return { tags: ['error'], on: { 'flow.retry': { guard: 'canRetry', target: `#${machine}.${target}` } } } as const;
}

/**
 * The substates of a form: `editing`, and `failed` (see {@link retryFailed}). The machine adds
 * the form's `on`, which sends to `.failed` what it refuses.
 */
export function formStates<const TMachine extends string, const TTarget extends string>(machine: TMachine, target: TTarget) {
  return { initial: 'editing', states: { editing: {}, failed: retryFailed(machine, target) } } as const;
}

/** Entering an address: a well-formed `email.submit` goes to `request` (a state of `machine`). */
export function emailEntryState<const TMachine extends string, const TRequest extends string>(machine: TMachine, request: TRequest) {
  return {
    ...formStates(machine, request),
    on: { 'email.submit': [{ guard: 'isEmailWellFormed', target: request, actions: 'assignEmail' }, refuse('.failed', ENTER_EMAIL)] },
  } as const;
}
