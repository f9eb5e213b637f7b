import { EmulatorError } from './errors.js';
import type { FaultTarget } from './types.js';

/**
 * How the emulator answers failures: `'descriptive'` (default) with a status per error type
 * (400, 401, 403, 404, 429 …); `'documented'` as SaaSus's OpenAPI declares them: the 4xx an
 * operation declares is kept, every other failure of the operation is a 500 with the same
 * `type`, `message` and `data`.
 */
export type StatusMode = 'descriptive' | 'documented';

/** The 4xx statuses the OpenAPI declares per operation (none for the others). */
const declared4xx: Partial<Record<FaultTarget, readonly number[]>> = {
  createSaasUser: [400],
  getSaasUser: [404],
  deleteSaasUser: [404],
  requestExternalUserLink: [400],
  confirmExternalUserLink: [400],
  getAuthCredentials: [404],
  getUserInfo: [401],
  createTenantInvitation: [400],
  getInvitationValidity: [404],
  validateInvitation: [400, 404],
  deleteUserAttribute: [404],
  deleteTenantAttribute: [404],
};

/** The error an operation answers under `mode`: unchanged, or a 500 of the same type, message and data. */
export function asDeclared(mode: StatusMode, operation: FaultTarget, error: unknown): unknown {
  if (mode === 'descriptive' || !(error instanceof EmulatorError) || isDeclaredFailure(operation, error.status)) return error;
  return new EmulatorError(error.type, error.message, error.data, 500);
}

/**
 * Runs an operation's own checks and work, answering its failures as `mode` says; synchronous
 * when `run` is (a rejected promise of `run` is mapped too).
 */
export function withDeclaredStatuses<T>(mode: StatusMode, operation: FaultTarget, run: () => Promise<T> | T): Promise<T> | T {
  try {
    const value = run();
    return value instanceof Promise
      ? value.catch((error: unknown) => {
          throw asDeclared(mode, operation, error);
        })
      : value;
  } catch (error) {
    throw asDeclared(mode, operation, error);
  }
}

/** Whether the OpenAPI declares `status` for a failure of `operation` (every 5xx counts as declared). */
export function isDeclaredFailure(operation: string, status: number): boolean {
  return status >= 500 || (declared4xx[operation as FaultTarget]?.includes(status) ?? false);
}
