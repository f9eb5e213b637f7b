import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { ScureBase32Plugin } from 'otplib';
import { timingSafeEqualString } from '../api/signing.js';

/** Source of random bytes. */
export type RandomBytes = (length: number) => Uint8Array;

/** Random bytes from `crypto.getRandomValues`, or from a `() => number` in [0, 1) when given (tests). */
export function randomBytesSource(random?: () => number): RandomBytes {
  if (random) {
    return (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256) & 0xff;
      return out;
    };
  }
  return (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));
}

const base32 = new ScureBase32Plugin();
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** Unpadded base64url of bytes, or of a string's UTF-8 bytes. */
export function base64url(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? utf8ToBytes(input) : input;
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Generators of every random value the emulator hands out. */
export interface RandomValues {
  uuid(): string;
  /** A 6-digit numeric code. */
  code(): string;
  /** A temporary password that satisfies the password policy. */
  temporaryPassword(): string;
  /** An opaque token with a recognisable prefix. */
  token(prefix: string): string;
  /** A base32 TOTP secret (160 bits). */
  totpSecret(): string;
  /** Salt for password hashing. */
  salt(): string;
}

/** Builds the generators over a byte source. */
export function randomValues(bytes: RandomBytes): RandomValues {
  const pick = (alphabet: string, n: number) => Array.from(bytes(n), (b) => alphabet[b % alphabet.length]).join('');
  return {
    uuid() {
      const b = bytes(16);
      b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
      b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
      const h = bytesToHex(b);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    code() {
      const b = bytes(4);
      const n = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
      return String(n % 1_000_000).padStart(6, '0');
    },
    temporaryPassword() {
      // Upper + lower + digit guaranteed, then random letters/digits: always policy-valid.
      return pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 1) + pick('abcdefghijkmnopqrstuvwxyz', 1) + pick('23456789', 1) + pick(ALNUM, 9);
    },
    token(prefix) {
      return `${prefix}_${base64url(bytes(24))}`;
    },
    totpSecret() {
      return base32.encode(bytes(20));
    },
    salt() {
      return bytesToHex(bytes(16));
    },
  };
}

/** Salted SHA-256 of a password (the state file never holds permanent passwords in clear). */
export function hashPassword(salt: string, password: string): string {
  return bytesToHex(sha256(utf8ToBytes(`${salt}:${password}`)));
}

/** Whether `password` matches a stored salted hash, compared in constant time. */
export function passwordMatches(stored: { salt: string; hash: string }, password: string): boolean {
  return timingSafeEqualString(hashPassword(stored.salt, password), stored.hash);
}
