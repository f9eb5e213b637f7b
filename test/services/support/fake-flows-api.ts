import { ApiError } from '../../../src/api/errors.js';
import type { CallOptions, MfaPreference, SaasUser, Tenant } from '../../../src/api/index.js';
import type { ConfirmSignUp, FlowsApi } from '../../../src/services/index.js';

/** One request the fake received. */
export interface FakeCall {
  op: string;
  signal: AbortSignal | undefined;
}

const USER: SaasUser = { id: 'u1', email: 'ann@example.com', attributes: {} };
const TENANT: Tenant = { id: 't1', name: 'Acme', attributes: {}, back_office_staff_email: 'ann@example.com', plan_histories: [] };

/**
 * A {@link FlowsApi} (and app `confirmSignUp`) answering at once with canned values, except the
 * operations put on hold: those never answer and reject only when their signal aborts.
 */
export function createFakeFlowsApi(options: { mfa?: MfaPreference } = {}) {
  const held = new Set<string>();
  const calls: FakeCall[] = [];

  function answer<T>(op: string, value: T, signal: AbortSignal | undefined): Promise<T> {
    calls.push({ op, signal });
    if (!held.has(op)) return Promise.resolve(value);
    return new Promise<T>((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new ApiError({ kind: 'aborted', status: 0, type: 'aborted', message: 'aborted', operation: op })));
    });
  }

  const last = (args: unknown[]): CallOptions | undefined => args.at(-1) as CallOptions | undefined;
  const op =
    <T>(name: string, value: T) =>
    (...args: unknown[]): Promise<T> =>
      answer(name, value, last(args)?.signal);

  const api: FlowsApi = {
    signUp: op('signUp', USER),
    resendSignUpConfirmationEmail: op('resendSignUpConfirmationEmail', undefined),
    requestEmailUpdate: op('requestEmailUpdate', undefined),
    confirmEmailUpdate: op('confirmEmailUpdate', undefined),
    requestExternalUserLink: op('requestExternalUserLink', undefined),
    confirmExternalUserLink: op('confirmExternalUserLink', undefined),
    unlinkProvider: op('unlinkProvider', undefined),
    getUserMfaPreference: op('getUserMfaPreference', options.mfa ?? { enabled: false }),
    createSecretCode: op('createSecretCode', { secret_code: 'JBSWY3DPEHPK3PXP' }),
    updateSoftwareToken: op('updateSoftwareToken', undefined),
    updateUserMfaPreference: op('updateUserMfaPreference', undefined),
    signUpWithAwsMarketplace: op('signUpWithAwsMarketplace', USER),
    confirmSignUpWithAwsMarketplace: op('confirmSignUpWithAwsMarketplace', TENANT),
    linkAwsMarketplace: op('linkAwsMarketplace', undefined),
  };
  const confirmSignUp: ConfirmSignUp = (_input, { signal }) => answer('confirmSignUp', { userId: 'u1' }, signal);

  return {
    api,
    confirmSignUp,
    calls,
    hold(name: string): void {
      held.add(name);
    },
    /** The calls of `name`, oldest first. */
    callsOf(name: string): FakeCall[] {
      return calls.filter((call) => call.op === name);
    },
  };
}
