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
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * The one error every client call rejects with. Safe to log and serialise: it never holds the
 * request body, headers or the secret key — only the server's `{type, message, data}` answer.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly type: string;
  readonly data?: Record<string, unknown>;
  readonly operation: string;
  readonly traceId?: string;
  readonly retryable: boolean;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.type = init.type;
    if (init.data !== undefined) this.data = init.data;
    this.operation = init.operation;
    if (init.traceId !== undefined) this.traceId = init.traceId;
    this.retryable = init.retryable ?? (init.kind === 'network' || init.kind === 'timeout' || RETRYABLE_STATUSES.has(init.status));
  }

  /** The SaaSus `{type, message, data}` body this error stands for. */
  toBody(): ErrorBody {
    return this.data === undefined ? { type: this.type, message: this.message } : { type: this.type, message: this.message, data: this.data };
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      status: this.status,
      type: this.type,
      message: this.message,
      data: this.data,
      operation: this.operation,
      traceId: this.traceId,
      retryable: this.retryable,
    };
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
