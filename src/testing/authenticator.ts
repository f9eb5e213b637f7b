import { generateSync } from 'otplib';
import { parseOtpauthUri } from '../mfa/otpauth-uri.js';
import type { OtpauthKey } from '../mfa/otpauth-uri.js';

/** Options of {@link createAuthenticator}. */
export interface AuthenticatorOptions {
  /** The phone's clock in epoch milliseconds; `Date.now` by default. Pass the emulator's clock. */
  now?: () => number;
}

/** An authenticator app in a test: shows the current TOTP code for a key. */
export interface VirtualAuthenticator {
  /**
   * The code the app shows for `key` — a base32 secret or a scanned `otpauth://totp/…` URI —
   * at `at` (epoch ms; the authenticator's `now()` by default).
   */
  code(key: string, at?: number): string;
  /** A well-formed code that is not valid for `key` within two time steps of `at`. */
  wrongCode(key: string, at?: number): string;
}

function readKey(key: string): Pick<OtpauthKey, 'secret' | 'digits' | 'period' | 'algorithm'> {
  if (key.startsWith('otpauth:')) return parseOtpauthUri(key);
  return { secret: key.replace(/\s+/g, '').toUpperCase(), digits: 6, period: 30, algorithm: 'SHA1' };
}

function totp(key: ReturnType<typeof readKey>, atMs: number): string {
  return generateSync({
    secret: key.secret,
    digits: key.digits === 8 ? 8 : 6,
    period: key.period,
    algorithm: key.algorithm === 'SHA1' ? 'sha1' : key.algorithm === 'SHA256' ? 'sha256' : 'sha512',
    epoch: Math.floor(atMs / 1000),
  });
}

/**
 * Creates a virtual authenticator app (RFC 6238 via otplib) whose clock tests control.
 *
 * @example
 * const app = createAuthenticator({ now: () => emulator.control.clock.now() });
 * actor.send({ type: 'code.submit', code: app.code(actor.getSnapshot().context.secretCode) });
 */
export function createAuthenticator(options: AuthenticatorOptions = {}): VirtualAuthenticator {
  const now = options.now ?? Date.now;
  return {
    code(key, at = now()) {
      return totp(readKey(key), at);
    },
    wrongCode(key, at = now()) {
      const parsed = readKey(key);
      const valid = new Set([-2, -1, 0, 1, 2].map((step) => totp(parsed, at + step * parsed.period * 1000)));
      const modulus = 10 ** parsed.digits;
      let candidate = (Number(totp(parsed, at)) + 1) % modulus;
      while (valid.has(String(candidate).padStart(parsed.digits, '0'))) candidate = (candidate + 1) % modulus;
      return String(candidate).padStart(parsed.digits, '0');
    },
  };
}
