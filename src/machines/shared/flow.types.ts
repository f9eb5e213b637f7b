/** Tags every flow machine uses: `busy` while a request is in flight, `error` where a failure is shown. */
export type FlowTag = 'busy' | 'error';

/** Cancels the flow from any non-final state; an in-flight request is aborted. */
export interface FlowCancelEvent {
  type: 'flow.cancel';
}

/** Runs the failed request again, where its input is known (never for a code submission). */
export interface FlowRetryEvent {
  type: 'flow.retry';
}

/** Submits an e-mail address. */
export interface EmailSubmitEvent {
  type: 'email.submit';
  email: string;
}

/** Goes back to entering the e-mail address. */
export interface EmailChangeEvent {
  type: 'email.change';
}

/** Submits a code the user received (mail, authenticator app). Never stored in context. */
export interface CodeSubmitEvent {
  type: 'code.submit';
  code: string;
}

/** Asks for a new code; during the cooldown it is queued and sent when the cooldown ends. */
export interface CodeResendEvent {
  type: 'code.resend';
}

/**
 * How {@link persistFlow} saves a state that must not be restored as it is: a request in
 * flight (its actor's input may hold a code or password), a state showing a secret, or a
 * state waiting on a timer (XState does not persist scheduled delays).
 */
export interface FlowPersistMeta {
  /** The top-level state to save instead: the step the user submitted from. */
  resumeAt?: string;
  /** Context keys to drop (secrets shown in this state). */
  clear?: readonly string[];
  /** Context values to save instead of the current ones. */
  reset?: Readonly<Record<string, unknown>>;
  /** Restart the requests of `resumeAt` on restore (they must take no secret as input). */
  restart?: boolean;
}

/** State-node `meta` of the flow machines. */
export interface FlowStateMeta {
  persist?: FlowPersistMeta;
}

/** The context every code-entry flow keeps about its current code. */
export interface CodeContext {
  codeTtlMs: number;
  resendCooldownMs: number;
  /** When the current code was sent (epoch ms). */
  sentAt?: number;
  /** When the current code stops working (epoch ms): show "code expires at …". */
  codeExpiresAt?: number;
  /** When a resend is allowed (epoch ms): show "resend in 42 s". */
  resendAvailableAt?: number;
  /** A `code.resend` arrived during the cooldown; it is sent when the cooldown ends. */
  resendQueued: boolean;
}

/** The `setup({ types })` of a flow machine: its own context, events, input and output; the flows' tags and state meta. */
export interface FlowTypes<TContext, TEvent, TInput, TOutput> {
  context: TContext;
  events: TEvent;
  input: TInput;
  output: TOutput;
  tags: FlowTag;
  meta: FlowStateMeta;
}

/*
 * Actor contract types several flows share: the input and output of the requests they invoke.
 */

/**
 * What a code-sending request reports: when it was sent, by the services' clock, and the
 * deadlines where the server gives them (the SaaSus answers carry none today).
 */
export interface CodeSent {
  /** Epoch ms. */
  sentAt: number;
  codeExpiresAt?: number;
  resendAvailableAt?: number;
}

/** Input of an actor that needs nothing but the session. */
export type EmptyInput = Record<string, never>;

/** Input of an actor that submits a code (mailed, or from an authenticator app). */
export interface CodeInput {
  code: string;
}

/** Input of an actor that mails the address `email` (a sign-up, a resend, an e-mail update). */
export interface EmailInput {
  email: string;
}
