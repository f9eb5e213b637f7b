import { createSaasusFlows, proxyTransport, type ConfirmSignUp } from 'saasus-flows';
import { exchangeCallbackCode } from './backend.js';

/**
 * The app's confirmation step: the hosted sign-in page sent the browser back to `/callback`
 * with a code; the back end exchanges it for credentials and starts the app's session.
 */
const confirmSignUp: ConfirmSignUp = async ({ confirmation }, { signal }) => {
  if (confirmation.method !== 'callbackCode') throw Object.assign(new Error('This app confirms through the hosted sign-in page.'), { type: 'invalid_parameter' });
  return exchangeCallbackCode(confirmation.code, signal);
};

// The browser talks to the app's own back end only; it never holds a SaaSus key or token.
const all = createSaasusFlows(proxyTransport('/api/saasus'), { confirmSignUp });

/**
 * The four flows of the wizard, wired to the back-end proxy. The tenant sign-up runs through the
 * proxy's one self sign-up route: the browser never calls the tenant operations themselves.
 */
export const flows = {
  signUp: all.signUpMachine,
  tenantSignUp: all.tenantSignUpMachine,
  mfaSetup: all.mfaSetupMachine,
  emailUpdate: all.emailUpdateMachine,
};
