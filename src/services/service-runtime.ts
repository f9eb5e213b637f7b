import { systemNow } from '../machines/shared/deadlines.js';
import { FlowConfigurationError } from '../machines/shared/flow-error.js';
import type { ConfirmSignUp, FlowServicesOptions } from './flow.types.js';
import { SESSION_FROM_BACKEND, type UserSession } from './ports.js';

/** A token operation ran without a signed-in user: what is missing, and the option that gives it. */
function missingSessionMessage(operation: string): string {
  return `saasus-flows: "${operation}" needs the signed-in user: createSaasusFlows(api, { session }) (with proxyTransport, 'backend').`;
}

/** A sign-up flow ran without the app's sign-in step. */
const MISSING_CONFIRM_SIGN_UP = 'saasus-flows: a sign-up needs the sign-in step: createSaasusFlows(api, { confirmSignUp }).';

/** What the actor factories share: the clock and the session. */
export interface ServiceRuntime {
  now(): number;
  /** The user for a token operation; rejects with a configuration error when there is none. */
  session(operation: string): Promise<UserSession>;
  confirmSignUp: ConfirmSignUp;
}

/** The proxy ignores the browser's user id and token: these placeholders are never sent on. */
const BACKEND_SESSION: UserSession = { userId: '', accessToken: '' };

/** Resolves the options of the actor factories. */
export function serviceRuntime(api: object, options: FlowServicesOptions = {}): ServiceRuntime {
  const { session, now = systemNow } = options;
  return {
    now,
    async session(operation) {
      if (typeof session === 'function') return await session();
      if (session === 'backend' || (api as { [SESSION_FROM_BACKEND]?: unknown })[SESSION_FROM_BACKEND] === true) return BACKEND_SESSION;
      throw new FlowConfigurationError(missingSessionMessage(operation));
    },
    confirmSignUp: options.confirmSignUp ?? (() => Promise.reject(new FlowConfigurationError(MISSING_CONFIRM_SIGN_UP))),
  };
}
