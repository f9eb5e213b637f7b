/**
 * The messages of `invalid_input` errors (a form value refused before any request), in one
 * place so the flows say the same thing the same way. One export each, so a bundle keeps only
 * the messages of the flows it has.
 */
export const ENTER_EMAIL = 'Enter a valid e-mail address.';
export const ENTER_MAILED_CODE = 'Enter the code from the e-mail.';
export const ENTER_CONFIRMATION = 'Enter the code, or the temporary and the new password.';
export const ENTER_AUTHENTICATOR_CODE = 'Enter the code your authenticator app shows.';
export const CHOOSE_TENANT = 'Choose one of your tenants.';
export const TOKEN_MISSING = 'The registration token is missing.';
export const TOKEN_INVALID = 'The registration token is not valid.';

/*
 * The messages of `configuration` errors (a flow used without something it needs): what is
 * missing, and the `createSaasusFlows` option or `provide` call that gives it.
 */

/** A machine invoked an actor it was never given. */
export function missingActorMessage(src: string): string {
  return `saasus-flows: no "${src}" actor: use createSaasusFlows(api) or machine.provide({ actors: { ${src} } }).`;
}

/** A token operation ran without a signed-in user. */
export function missingSessionMessage(operation: string): string {
  return `saasus-flows: "${operation}" needs the signed-in user: createSaasusFlows(api, { session }) (with proxyTransport, 'backend').`;
}

/** A sign-up flow ran without the app's sign-in step. */
export const MISSING_CONFIRM_SIGN_UP = 'saasus-flows: a sign-up needs the sign-in step: createSaasusFlows(api, { confirmSignUp }).';
