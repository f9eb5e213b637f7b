import { timingSafeEqualString } from '../api/signing.js';
import { EmulatorError } from './errors.js';
import type { PendingCode, UserRecord } from './state.js';
import type { Store } from './store.js';
import type { MailTemplate, OutboxMessage } from './types.js';

const HOUR = 3_600_000;

/** Kinds of mail that share one resend cooldown and hourly cap per user. */
export type SendKind = 'signUp' | 'emailUpdate' | 'externalLink' | 'invitation';

/**
 * Throws `limit_exceeded` (429) when a `kind` mail to this user is still in its cooldown or the
 * hourly cap is reached; `data` says when the next try is allowed.
 */
export function assertSendAllowed(store: Store, kind: SendKind, userId: string): void {
  const now = store.now();
  const { resendCooldownMs, resendHourlyCap } = store.config;
  // Stryker disable next-line ArrayDeclaration: a placeholder entry is not a number, and `t > now - HOUR` drops it
  const recent = (store.state.sendLog[`${kind}:${userId}`] ?? []).filter((t) => t > now - HOUR);
  // No send (or fewer than the cap) is a send that long ago: no cooldown, no cap.
  const last = recent.at(-1) ?? Number.NEGATIVE_INFINITY;
  let nextAllowedAt = now;
  let reason: 'cooldown' | 'hourly_cap' | undefined;
  if (last + resendCooldownMs > now) {
    nextAllowedAt = last + resendCooldownMs;
    reason = 'cooldown';
  }
  const oldest = recent[recent.length - resendHourlyCap] ?? Number.NEGATIVE_INFINITY;
  if (oldest + HOUR > nextAllowedAt) {
    nextAllowedAt = oldest + HOUR;
    reason = 'hourly_cap';
  }
  if (reason) {
    throw new EmulatorError(
      'limit_exceeded',
      reason === 'cooldown' ? 'A message was sent recently; wait before asking again.' : 'Too many messages this hour; wait before asking again.',
      { reason, retry_after_ms: nextAllowedAt - now, next_allowed_at: nextAllowedAt },
    );
  }
}

/** Records a send for the cooldown / cap and puts the message in the outbox. */
export function sendMail(
  store: Store,
  kind: SendKind,
  user: UserRecord,
  message: { template: MailTemplate; to: string; code?: string; temporaryPassword?: string },
): void {
  const now = store.now();
  const key = `${kind}:${user.id}`;
  // Stryker disable next-line ArrayDeclaration: a placeholder entry is not a number, and `t > now - HOUR` drops it
  store.state.sendLog[key] = [...(store.state.sendLog[key] ?? []).filter((t) => t > now - HOUR), now];
  const entry: OutboxMessage = { id: store.rand.uuid(), template: message.template, to: message.to, userId: user.id, sentAt: now };
  if (message.code !== undefined) entry.code = message.code;
  if (message.temporaryPassword !== undefined) entry.temporaryPassword = message.temporaryPassword;
  const outbox = store.state.outbox;
  outbox.push(entry);
  // Keeps the newest outboxLimit (a negative count removes nothing).
  outbox.splice(0, outbox.length - store.config.outboxLimit);
}

/** A fresh 6-digit code valid for `codeTtlMs`. */
export function newPendingCode(store: Store): PendingCode {
  return { code: store.rand.code(), expiresAt: store.now() + store.config.codeTtlMs, attempts: 0, dead: false };
}

/** Throws the error of a failed attempt, counting it; the `maxCodeAttempts`-th wrong attempt kills the code. */
export function countWrongAttempt(store: Store, pending: { attempts: number; dead: boolean }): never {
  pending.attempts += 1;
  const left = Math.max(0, store.config.maxCodeAttempts - pending.attempts);
  if (left === 0) pending.dead = true;
  throw new EmulatorError('code_mismatch', left === 0 ? 'Wrong code; no attempts left, request a new one.' : 'Wrong code.', {
    attempts_left: left,
  });
}

/** Throws `too_many_attempts` for a code that died of wrong attempts. */
export function assertAlive(pending: { dead: boolean }): void {
  if (pending.dead) throw new EmulatorError('too_many_attempts', 'Too many wrong attempts; request a new code.');
}

/**
 * Checks a submitted code against a pending one: `no_pending_code`, `too_many_attempts`,
 * `expired_code` or `code_mismatch` (with `data.attempts_left`). Returns when it matches.
 */
export function verifyPendingCode(store: Store, pending: PendingCode | undefined, code: string): asserts pending is PendingCode {
  if (!pending) throw new EmulatorError('no_pending_code', 'No code was requested, or it was already used.');
  assertAlive(pending);
  if (pending.expiresAt <= store.now()) throw new EmulatorError('expired_code', 'The code has expired; request a new one.');
  if (!timingSafeEqualString(code, pending.code)) countWrongAttempt(store, pending);
}
