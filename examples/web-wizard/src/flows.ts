// In an app these come from 'saasus-flows'; the example imports the sources to run unbuilt.
import { createSaasusFlows, type ConfirmSignUp } from '../../../src/services/index.js';
import { proxyTransport } from '../../../src/proxy/transport.js';

/**
 * The app's confirmation step: the hosted sign-in page sent the browser back to `/callback`
 * with a code; the back end exchanges it for credentials and starts the app's session.
 */
const confirmSignUp: ConfirmSignUp = async ({ confirmation }, { signal }) => {
  if (confirmation.method !== 'callbackCode') throw new Error('This app confirms through the hosted sign-in page.');
  const response = await fetch('/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: confirmation.code }),
    signal,
  });
  const body = (await response.json()) as { userId?: string; type?: string; message?: string };
  if (!response.ok || body.userId === undefined) {
    throw Object.assign(new Error(body.message ?? 'The sign-in could not be completed.'), { type: body.type, status: response.status });
  }
  return { userId: body.userId };
};

// The browser talks to the app's own back end only; it never holds a SaaSus key or token.
const all = createSaasusFlows(proxyTransport('/api/saasus'), { confirmSignUp });

/** The three flows of the wizard, wired to the back-end proxy. */
export const flows = {
  signUp: all.signUpMachine,
  mfaSetup: all.mfaSetupMachine,
  emailUpdate: all.emailUpdateMachine,
};

/** The wizard's steps, in order. */
export type StepName = keyof typeof flows | 'done';
export const STEPS: readonly StepName[] = ['signUp', 'mfaSetup', 'emailUpdate', 'done'];
