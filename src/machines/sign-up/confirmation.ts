import type { SignUpConfirmation } from '../../services/flow.types.js';
import { isFilled } from '../shared/validation.js';

/** Whether a sign-up confirmation has everything its method needs. */
export function isConfirmationComplete(confirmation: SignUpConfirmation): boolean {
  return confirmation.method === 'callbackCode'
    ? isFilled(confirmation.code)
    : isFilled(confirmation.temporaryPassword) && isFilled(confirmation.newPassword);
}
