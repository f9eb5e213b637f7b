import type { CodeSent } from './flow.types.js';

/** How long a mailed code stays valid when the server does not say: 24 h, as SaaSus codes. */
export const DEFAULT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/** How long to wait before offering a resend when the server does not say: 60 s. */
export const DEFAULT_RESEND_COOLDOWN_MS = 60 * 1000;

/** The durations a code-sending flow assumes; kept in context so a restored flow keeps them. */
export interface DeadlineSettings {
  codeTtlMs: number;
  resendCooldownMs: number;
}

/** The absolute deadlines of the current code, as epoch ms. */
export interface CodeDeadlines {
  /** After this the code (or temporary password) is refused; ask for a new one. */
  codeExpiresAt: number;
  /** Before this a resend is refused by the server (cooldown). */
  resendAvailableAt: number;
}

/** Deadlines after a successful send: the server's where given, else `sentAt` + the settings. */
export function deadlinesAfterSend(sent: CodeSent, settings: DeadlineSettings): CodeDeadlines {
  return {
    codeExpiresAt: sent.codeExpiresAt ?? sent.sentAt + settings.codeTtlMs,
    resendAvailableAt: sent.resendAvailableAt ?? sent.sentAt + settings.resendCooldownMs,
  };
}

/** Milliseconds from `now` until `until` (0 when passed or unknown). */
export function remainingMs(until: number | undefined, now: number): number {
  return until === undefined ? 0 : Math.max(0, until - now);
}

/**
 * The `resendCooldown` delay over a clock: the time left until `context.resendAvailableAt`.
 * The delay only wakes the machine; the deadline itself stays in context.
 */
export function resendCooldownDelay(now: () => number): (args: { context: { resendAvailableAt?: number } }) => number {
  return ({ context }) => remainingMs(context.resendAvailableAt, now());
}

/** The wall clock, used only when no clock was provided (`createSaasusFlows(api, { now })`). */
export function systemNow(): number {
  return Date.now();
}

/**
 * The `resendCooldown` delay of the code-entry flows, over the wall clock;
 * `createSaasusFlows(api, { now })` provides it over its own clock.
 */
export const resendCooldown = resendCooldownDelay(systemNow);

function toEpochMs(value: unknown): number | undefined {
  const number = value as number; // `Number.isFinite` is false for anything but a finite number.
  if (Number.isFinite(number)) return number < 1e11 ? number * 1000 : number;
  if (typeof value === 'string' && value !== '') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** Keys under which a server's error `data` may carry the next allowed time (absolute). */
const RETRY_AT_KEYS = ['next_allowed_at', 'retry_at', 'available_at'] as const;

/** The absolute time (epoch ms) an error's `data` says the request is allowed again, if any. */
export function readRetryAt(data: Record<string, unknown> | undefined): number | undefined {
  if (!data) return undefined;
  for (const key of RETRY_AT_KEYS) {
    const at = toEpochMs(data[key]);
    if (at !== undefined) return at;
  }
  return undefined;
}
