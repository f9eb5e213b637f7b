/*
 * The one e-mail check and the one code check of the project: the machines refuse a form value
 * with them before any request, the CLI prompts with them, and the proxy and the emulator
 * validate request bodies with them. Dependency-free, so every layer (and a browser bundle) can
 * import this file. SaaSus has the last word on an address; these only catch what can never work.
 */

/** Characters that never appear unquoted in a deliverable address: whitespace and RFC 5322 specials. */
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\].]+(?:\.[^\s@"(),:;<>[\\\].]+)+$/;

/** Longest address SaaSus (Cognito) accepts. */
export const MAX_EMAIL_LENGTH = 256;

/** What a person is told when an address is refused. */
export const EMAIL_MESSAGE = 'Enter an e-mail address such as name@example.com.';

/** What a person is told when a 6-digit code is refused. */
export const CODE_MESSAGE = 'Enter the 6-digit code.';

/**
 * Whether `value` is an address worth sending: a string with one `@`, a dotted domain, no
 * spaces or specials, at most 256 characters (after trimming). Anything that is not a string is
 * `false`, never an exception.
 *
 * @example isWellFormedEmail(' ann@example.com ') // true
 */
export function isWellFormedEmail(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const email = value.trim();
  return email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email);
}

/**
 * Whether `value` is a mailed or authenticator code: exactly six digits (after trimming).
 * Anything that is not a string is `false`.
 *
 * @example isSixDigitCode('012345') // true
 */
export function isSixDigitCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{6}$/.test(value.trim());
}
