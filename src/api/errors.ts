import type { ErrorBody } from './types.js';

/** What went wrong: `http` for an error answer, or a transport failure kind. */
export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'aborted';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  /** HTTP status; 0 for transport failures. */
  status: number;
  /** SaaSus error `type` (e.g. `code_mismatch`), or the kind for transport failures. */
  type: string;
  message: string;
  data?: Record<string, unknown>;
  operation: string;
  traceId?: string;
  retryable?: boolean;
  cause?: unknown;
}

/** Statuses after which the same request may succeed when tried again. */
const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];

/**
 * The one error every client call rejects with. Safe to log and serialise: it never holds the
 * request body, headers or the secret key — only the server's `{type, message, data}` answer.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  // Declared, not defined: the constructor assigns each, in this order, so each is an own
  // property (`undefined` when not given) without a field definition in the emitted code.
  declare readonly kind: ApiErrorKind;
  declare readonly status: number;
  declare readonly type: string;
  declare readonly data?: Record<string, unknown>;
  declare readonly operation: string;
  declare readonly traceId?: string;
  declare readonly retryable: boolean;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.type = init.type;
    this.data = init.data;
    this.operation = init.operation;
    this.traceId = init.traceId;
    this.retryable = init.retryable ?? (init.kind === 'network' || init.kind === 'timeout' || RETRYABLE_STATUSES.includes(init.status));
  }

  /** The SaaSus `{type, message, data}` body this error stands for. */
  toBody(): ErrorBody {
    return { type: this.type, message: this.message, ...(this.data && { data: this.data }) };
  }

  toJSON(): Record<string, unknown> {
    // The own fields (name, kind, status, type, data, operation, traceId, retryable), with the
    // non-enumerable `message` after `type`: the first five keep their place when the spread repeats them.
    return { name: this.name, kind: this.kind, status: this.status, type: this.type, message: this.message, ...(this as object) };
  }
}

/** Type guard for {@link ApiError}, also across realms/bundles (checks the shape). */
export function isApiError(value: unknown): value is ApiError {
  return (
    value instanceof ApiError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'ApiError' &&
      typeof (value as { status?: unknown }).status === 'number' &&
      typeof (value as { type?: unknown }).type === 'string')
  );
}

/** `value` when it is an object (not `null`): the shape of an error or of an answer's body, read field by field. */
export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** `value` when it is a string, else `fallback`. */
export function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}
