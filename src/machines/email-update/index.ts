export { emailUpdateMachine } from './email-update.machine.js';
export type { EmailUpdateInput, EmailUpdateContext, EmailUpdateEvent, EmailUpdateOutput } from './email-update.types.js';
