/*
 * The messages of `invalid_input` errors the machines give besides the e-mail and code
 * messages of `api/validation.ts` (a form value refused before any request), in one place so
 * the flows say the same thing the same way. One export each, so a bundle keeps only the
 * messages of the flows it has.
 */
export const ENTER_CONFIRMATION = 'Enter the code, or the temporary and the new password.';
export const CHOOSE_TENANT = 'Choose one of your tenants.';
export const TOKEN_MISSING = 'The registration token is missing.';
export const TOKEN_INVALID = 'The registration token is not valid.';

/** A machine invoked an actor it was never given: what is missing, and the call that gives it. */
export function missingActorMessage(src: string): string {
  return `saasus-flows: no "${src}" actor: use createSaasusFlows(api) or machine.provide({ actors: { ${src} } }).`;
}
