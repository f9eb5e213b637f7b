import type { FlowError } from './flow-error.js';

/*
 * The context fields of each flow machine and the type of each, as data, for checking a
 * persisted snapshot before it is restored (`restoreFlow`). A field marked `?` may be absent.
 * The TOTP secret is not listed: a saved snapshot never holds it.
 */

/** The type of one context field; a trailing `?` makes it optional. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'flowError' | 'tenants' | 'tenant' | 'provider' | 'mfaMethod' | 'abandonedSignUps';

/** A context's fields, by name. */
export type ContextFields = Readonly<Record<string, FieldKind | `${FieldKind}?`>>;

const CODE_FIELDS = {
  codeTtlMs: 'number',
  resendCooldownMs: 'number',
  sentAt: 'number?',
  codeExpiresAt: 'number?',
  resendAvailableAt: 'number?',
  resendQueued: 'boolean',
  error: 'flowError?',
} as const satisfies ContextFields;

/** The context fields of each flow machine, by machine id. */
export const CONTEXT_FIELDS: Readonly<Record<string, ContextFields>> = {
  signUp: { ...CODE_FIELDS, email: 'string', userId: 'string?', abandonedSignUps: 'abandonedSignUps' },
  emailUpdate: { ...CODE_FIELDS, email: 'string' },
  externalUserLink: { ...CODE_FIELDS, provider: 'provider' },
  mfaSetup: { accountName: 'string', issuer: 'string?', method: 'mfaMethod?', error: 'flowError?' },
  awsMarketplaceSignUp: {
    ...CODE_FIELDS,
    registrationToken: 'string',
    email: 'string',
    userId: 'string?',
    tenantName: 'string',
    tenants: 'tenants?',
    tenantId: 'string?',
    tenant: 'tenant?',
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIdAndName(value: unknown): boolean {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['name'] === 'string';
}

function isFlowError(value: unknown): value is FlowError {
  if (!isRecord(value)) return false;
  const { code, message, retryable, attemptsLeft, retryAt, ...rest } = value;
  return (
    typeof code === 'string' &&
    typeof message === 'string' &&
    typeof retryable === 'boolean' &&
    (attemptsLeft === undefined || Number.isFinite(attemptsLeft)) &&
    (retryAt === undefined || Number.isFinite(retryAt)) &&
    Object.keys(rest).length === 0
  );
}

const CHECKS: Record<FieldKind, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => Number.isFinite(value),
  boolean: (value) => typeof value === 'boolean',
  flowError: isFlowError,
  tenants: (value) => Array.isArray(value) && value.every(isIdAndName),
  tenant: isIdAndName,
  provider: (value) => value === 'Google',
  mfaMethod: (value) => value === 'softwareToken' || value === 'email',
  abandonedSignUps: (value) =>
    Array.isArray(value) &&
    value.every((entry) => isRecord(entry) && typeof entry['email'] === 'string' && typeof entry['userId'] === 'string' && Object.keys(entry).length === 2),
};

/** Why `context` does not fit `fields` (a missing, extra or mistyped field), or `undefined` when it does. */
export function contextMismatch(context: unknown, fields: ContextFields): string | undefined {
  if (!isRecord(context)) return 'the context is not an object';
  for (const key of Object.keys(context)) {
    if (!Object.hasOwn(fields, key)) return `the context has an unknown field "${key}"`;
  }
  for (const [key, declared] of Object.entries(fields)) {
    const optional = declared.endsWith('?');
    const kind = (optional ? declared.slice(0, -1) : declared) as FieldKind;
    const value = Object.hasOwn(context, key) ? context[key] : undefined;
    if (value === undefined) {
      if (optional) continue;
      return `the context lacks "${key}"`;
    }
    if (!CHECKS[kind](value)) return `the context field "${key}" is not a ${kind}`;
  }
  return undefined;
}
