export { signUpMachine } from './sign-up.machine.js';
export type { SignUpInput, SignUpContext, SignUpEvent, SignUpOutput, ConfirmationSubmitEvent } from './sign-up.types.js';
