import { DEFAULT_CODE_TTL_MS, DEFAULT_RESEND_COOLDOWN_MS, deadlinesAfterSend } from './deadlines.js';
import type { FlowError } from './flow-error.js';
import type { CodeContext, CodeSent } from './flow.types.js';

/** Durations a code-entry flow accepts as input. */
export interface CodeSettingsInput {
  /** How long a code is valid when the server does not say (ms). Default 24 h. */
  codeTtlMs?: number;
  /** Wait before a resend when the server does not say (ms). Default 60 s. */
  resendCooldownMs?: number;
}

/** The starting {@link CodeContext}: no code yet. */
export function initialCodeContext(input: CodeSettingsInput | undefined): CodeContext {
  return {
    codeTtlMs: input?.codeTtlMs ?? DEFAULT_CODE_TTL_MS,
    resendCooldownMs: input?.resendCooldownMs ?? DEFAULT_RESEND_COOLDOWN_MS,
    resendQueued: false,
  };
}

/** After a code was (re)sent: fresh absolute deadlines, no queued resend, no error. */
export function codeSent(context: CodeContext, sent: CodeSent): Partial<CodeContext> & { error: undefined } {
  return { sentAt: sent.sentAt, ...deadlinesAfterSend(sent, context), resendQueued: false, error: undefined };
}

/** After a resend failed: the error, and the server's next allowed time if it gave one. */
export function resendFailed(context: CodeContext, error: FlowError): Partial<CodeContext> & { error: FlowError } {
  return { error, resendAvailableAt: error.retryAt ?? context.resendAvailableAt, resendQueued: false };
}

/** Forgets the current code's deadlines (the address changed, or the code died). */
export function codeForgotten(): Partial<CodeContext> {
  return { sentAt: undefined, codeExpiresAt: undefined, resendAvailableAt: undefined, resendQueued: false };
}
