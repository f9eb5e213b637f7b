export { createAuthenticator } from './authenticator.js';
export type { AuthenticatorOptions, VirtualAuthenticator } from './authenticator.js';
