import { createSaasusFlows, proxyTransport, type ConfirmSignUp } from 'saasus-flows';

/** The `state` the sign-in page carried back to `/callback`, handed to the back end with the code. */
let callbackState: string | undefined;

/** Keeps the `state` of the callback for the code exchange that follows. */
export function rememberCallbackState(state: string | undefined): void {
  callbackState = state;
}

/**
 * The app's confirmation step: the hosted sign-in page sent the browser back to `/callback`
 * with a code and the `state` the back end issued; the back end checks the state against this
 * browser's, exchanges the code for credentials and starts the app's session.
 */
const confirmSignUp: ConfirmSignUp = async ({ confirmation }, { signal }) => {
  if (confirmation.method !== 'callbackCode') throw new Error('This app confirms through the hosted sign-in page.');
  const response = await fetch('/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: confirmation.code, state: callbackState ?? '' }),
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

/** The wizard's steps, in order. */
export type StepName = keyof typeof flows | 'done';
export const STEPS: readonly StepName[] = ['signUp', 'tenantSignUp', 'mfaSetup', 'emailUpdate', 'done'];
