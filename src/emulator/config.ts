import type { StatusMode } from './statuses.js';
import type { EmulatorOptions } from './types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Default credentials of the emulator (also what `saasus-flows emulator` prints). */
export const defaultEmulatorCredentials = {
  saasId: 'emulator-saas',
  apiKey: 'emulator-api-key',
  secretKey: 'emulator-secret',
} as const;

/** Options with every default filled in. */
export interface EmulatorConfig {
  saasId: string;
  apiKey: string;
  secretKey: string;
  baseNow: () => number;
  codeTtlMs: number;
  maxCodeAttempts: number;
  resendCooldownMs: number;
  resendHourlyCap: number;
  registrationTokenTtlMs: number;
  temporaryPasswordTtlMs: number;
  /** The password policy's `temporary_password_validity_days`. */
  temporaryPasswordValidityDays: number;
  statuses: StatusMode;
  accessTokenTtlMs: number;
  callbackCodeTtlMs: number;
  sessionTtlMs: number;
  signatureWindowMinutes: number;
  maxBodyBytes: number;
  verifySignatures: boolean;
  dataFile: string | undefined;
  random: (() => number) | undefined;
  googleSelfSignUp: boolean;
  outboxLimit: number;
  maxSignInFailures: number;
  signInLockoutMs: number;
  /** Registered callback URLs of the sign-in page; `undefined`: any loopback origin, any path. */
  callbackUrls: readonly URL[] | undefined;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new TypeError(`createEmulator: "${name}" must be a non-negative number, got ${String(value)}.`);
  }
  return value;
}

function credential(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '' || /[,\s]/.test(value)) {
    throw new TypeError(`createEmulator: "${name}" must be a non-empty string without commas or spaces.`);
  }
  return value;
}

function callbackUrls(value: readonly string[] | undefined): readonly URL[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new TypeError('createEmulator: "callbackUrls" must be an array of absolute http(s) URLs.');
  return value.map((entry: unknown) => {
    let url: URL | undefined;
    try {
      url = typeof entry === 'string' ? new URL(entry) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash !== '') {
      throw new TypeError(`createEmulator: callback URL ${JSON.stringify(String(entry)).slice(0, 200)} must be an absolute http(s) URL without a #fragment.`);
    }
    return url;
  });
}

function statuses(value: unknown): StatusMode {
  if (value === undefined) return 'descriptive';
  if (value !== 'descriptive' && value !== 'documented') throw new TypeError('createEmulator: "statuses" must be "descriptive" or "documented".');
  return value;
}

function validityDays(value: number | undefined): number {
  if (value === undefined) return 7;
  if (!Number.isInteger(value) || value < 1 || value > 365) throw new TypeError('createEmulator: "temporaryPasswordValidityDays" must be an integer from 1 to 365.');
  return value;
}

/** Validates options and fills in the documented defaults. */
export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const days = validityDays(options.temporaryPasswordValidityDays);
  return {
    saasId: credential('saasId', options.saasId, defaultEmulatorCredentials.saasId),
    apiKey: credential('apiKey', options.apiKey, defaultEmulatorCredentials.apiKey),
    secretKey: credential('secretKey', options.secretKey, defaultEmulatorCredentials.secretKey),
    baseNow: options.now ?? Date.now,
    codeTtlMs: nonNegative('codeTtlMs', options.codeTtlMs, 24 * HOUR),
    maxCodeAttempts: Math.max(1, nonNegative('maxCodeAttempts', options.maxCodeAttempts, 5)),
    resendCooldownMs: nonNegative('resendCooldownMs', options.resendCooldownMs, MINUTE),
    resendHourlyCap: Math.max(1, nonNegative('resendHourlyCap', options.resendHourlyCap, 5)),
    registrationTokenTtlMs: nonNegative('registrationTokenTtlMs', options.registrationTokenTtlMs, 24 * HOUR),
    temporaryPasswordTtlMs: nonNegative('temporaryPasswordTtlMs', options.temporaryPasswordTtlMs, days * 24 * HOUR),
    temporaryPasswordValidityDays: days,
    statuses: statuses(options.statuses),
    accessTokenTtlMs: nonNegative('accessTokenTtlMs', options.accessTokenTtlMs, HOUR),
    callbackCodeTtlMs: nonNegative('callbackCodeTtlMs', options.callbackCodeTtlMs, 5 * MINUTE),
    sessionTtlMs: nonNegative('sessionTtlMs', options.sessionTtlMs, 5 * MINUTE),
    signatureWindowMinutes: Math.floor(nonNegative('signatureWindowMinutes', options.signatureWindowMinutes, 1)),
    maxBodyBytes: nonNegative('maxBodyBytes', options.maxBodyBytes, 64 * 1024),
    verifySignatures: options.verifySignatures ?? true,
    dataFile: options.dataFile,
    random: options.random,
    googleSelfSignUp: options.googleSelfSignUp ?? true,
    outboxLimit: Math.max(1, nonNegative('outboxLimit', options.outboxLimit, 1000)),
    maxSignInFailures: Math.max(1, Math.floor(nonNegative('maxSignInFailures', options.maxSignInFailures, 5))),
    signInLockoutMs: nonNegative('signInLockoutMs', options.signInLockoutMs, 15 * MINUTE),
    callbackUrls: callbackUrls(options.callbackUrls),
  };
}
