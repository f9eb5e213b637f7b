import type {
  awsMarketplaceSignUpMachine,
  emailUpdateMachine,
  externalUserLinkMachine,
  mfaSetupMachine,
  signUpMachine,
} from '../../../src/machines/index.js';
import { codeEntryOutcomes, serverError, type FlowEvent } from '../../../src/testing/index.js';

/*
 * The sample events of each flow: the user's events (well-formed and not) and the server
 * outcomes of every request, successes and failures of each kind the flow tells apart. The
 * model-based suites walk the graphs these reach; the robustness and restore tests
 * (test/machines/support/flow-models.ts) reach every state with them too. One list per flow, so
 * a state one suite reaches the other reaches as well.
 */

/** The signed-in customer's tenant (the Marketplace flow's `input.tenants`). */
export const sampleTenant = { id: 'tenant-1', name: 'Acme' };
const tenantOutput = { id: 'tenant-2', name: 'New Co', attributes: {}, back_office_staff_email: 'ann@example.com', plan_histories: [] };
const tenant = sampleTenant;
const failed = (operation: string) => ({ type: `xstate.error.actor.${operation}` as const, error: serverError(operation, 500, 'internal_error') });
const invalidToken = (operation: string) => ({ type: `xstate.error.actor.${operation}` as const, error: serverError(operation, 400, 'invalid_registration_token') });

/** Every flow's sample events, with `sentAt` as the time the server outcomes say a code was sent. */
export function sampleEvents(sentAt: number) {
  const signUp: FlowEvent<typeof signUpMachine>[] = [
    { type: 'email.submit', email: 'ann@example.com' },
    { type: 'email.submit', email: 'not-an-address' },
    { type: 'email.change' },
    { type: 'code.resend' },
    { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: 'Temp-1234', newPassword: 'N3w-password' } },
    { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: 'callback-code' } },
    { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: ' ' } },
    { type: 'flow.retry' },
    { type: 'flow.cancel' },
    { type: 'xstate.done.actor.signUp', output: { userId: 'user-1', sentAt } },
    { type: 'xstate.error.actor.signUp', error: serverError('signUp', 500, 'internal_error') },
    { type: 'xstate.error.actor.signUp', error: serverError('signUp', 400, 'email_already_exists') },
    { type: 'xstate.done.actor.resendSignUpConfirmationEmail', output: { sentAt } },
    { type: 'xstate.error.actor.resendSignUpConfirmationEmail', error: serverError('resendSignUpConfirmationEmail', 429, 'limit_exceeded') },
    { type: 'xstate.done.actor.confirmSignUp', output: { userId: 'user-1' } },
    { type: 'xstate.error.actor.confirmSignUp', error: { type: 'not_authorized', message: 'Incorrect e-mail address or password.' } },
  ];
  const emailUpdate: FlowEvent<typeof emailUpdateMachine>[] = [
    { type: 'email.submit', email: 'ann.new@example.com' },
    { type: 'email.submit', email: 'no-at-sign' },
    { type: 'email.change' },
    { type: 'code.submit', code: '123456' },
    { type: 'code.submit', code: '' },
    { type: 'code.resend' },
    { type: 'flow.retry' },
    { type: 'flow.cancel' },
    { type: 'xstate.done.actor.requestEmailUpdate', output: { sentAt } },
    { type: 'xstate.error.actor.requestEmailUpdate', error: serverError('requestEmailUpdate', 500, 'internal_error') },
    { type: 'xstate.error.actor.requestEmailUpdate', error: serverError('requestEmailUpdate', 400, 'email_already_exists') },
    ...codeEntryOutcomes('confirmEmailUpdate', { failureStatus: 503 }),
  ];
  const externalUserLink: FlowEvent<typeof externalUserLinkMachine>[] = [
    { type: 'link.start' },
    { type: 'link.remove' },
    { type: 'code.submit', code: '123456' },
    { type: 'code.submit', code: '  ' },
    { type: 'code.resend' },
    { type: 'flow.retry' },
    { type: 'flow.cancel' },
    { type: 'xstate.done.actor.requestExternalUserLink', output: { sentAt } },
    { type: 'xstate.error.actor.requestExternalUserLink', error: serverError('requestExternalUserLink', 500, 'internal_error') },
    { type: 'xstate.error.actor.requestExternalUserLink', error: serverError('requestExternalUserLink', 429, 'limit_exceeded') },
    ...codeEntryOutcomes('confirmExternalUserLink'),
    { type: 'xstate.done.actor.unlinkProvider' },
    { type: 'xstate.error.actor.unlinkProvider', error: serverError('unlinkProvider', 500, 'internal_error') },
    { type: 'xstate.error.actor.unlinkProvider', error: serverError('unlinkProvider', 400, 'provider_not_linked') },
  ];
  const mfaSetup: FlowEvent<typeof mfaSetupMachine>[] = [
    { type: 'code.submit', code: '123456' },
    { type: 'code.submit', code: '' },
    { type: 'enrollment.restart' },
    { type: 'secret.hide' },
    { type: 'mfa.disable' },
    { type: 'flow.retry' },
    { type: 'flow.cancel' },
    { type: 'xstate.done.actor.getUserMfaPreference', output: { enabled: false } },
    { type: 'xstate.done.actor.getUserMfaPreference', output: { enabled: true, method: 'softwareToken' } },
    { type: 'xstate.error.actor.getUserMfaPreference', error: serverError('getUserMfaPreference', 500, 'internal_error') },
    { type: 'xstate.error.actor.getUserMfaPreference', error: serverError('getUserMfaPreference', 404, 'user_not_found') },
    { type: 'xstate.done.actor.createSecretCode', output: { secret_code: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' } },
    { type: 'xstate.error.actor.createSecretCode', error: serverError('createSecretCode', 500, 'internal_error') },
    { type: 'xstate.error.actor.createSecretCode', error: serverError('createSecretCode', 401, 'invalid_access_token') },
    // An authenticator app's codes do not expire; the server may have no secret to check against.
    ...codeEntryOutcomes('updateSoftwareToken', { expires: false }),
    { type: 'xstate.error.actor.updateSoftwareToken', error: serverError('updateSoftwareToken', 400, 'secret_code_not_created') },
    { type: 'xstate.done.actor.updateUserMfaPreference' },
    { type: 'xstate.error.actor.updateUserMfaPreference', error: serverError('updateUserMfaPreference', 500, 'internal_error') },
    { type: 'xstate.error.actor.updateUserMfaPreference', error: serverError('updateUserMfaPreference', 400, 'invalid_parameter') },
  ];
  const awsMarketplaceSignUp: FlowEvent<typeof awsMarketplaceSignUpMachine>[] = [
    { type: 'email.submit', email: 'ann@example.com' },
    { type: 'email.submit', email: 'not-an-address' },
    { type: 'email.change' },
    { type: 'code.resend' },
    { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: 'Temp-1234', newPassword: 'N3w-password' } },
    { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: '', newPassword: '' } },
    { type: 'tenant.submit', name: 'New Co' },
    { type: 'tenant.choose', tenantId: tenant.id },
    { type: 'tenant.choose', tenantId: 'someone-elses-tenant' },
    { type: 'tenant.create' },
    { type: 'flow.retry' },
    { type: 'flow.cancel' },
    { type: 'xstate.done.actor.signUpWithAwsMarketplace', output: { userId: 'user-1', sentAt } },
    failed('signUpWithAwsMarketplace'),
    invalidToken('signUpWithAwsMarketplace'),
    { type: 'xstate.done.actor.resendSignUpConfirmationEmail', output: { sentAt } },
    { type: 'xstate.error.actor.resendSignUpConfirmationEmail', error: serverError('resendSignUpConfirmationEmail', 429, 'limit_exceeded') },
    { type: 'xstate.done.actor.confirmSignUp', output: { userId: 'user-1' } },
    { type: 'xstate.error.actor.confirmSignUp', error: { type: 'not_authorized', message: 'Incorrect e-mail address or password.' } },
    { type: 'xstate.done.actor.confirmSignUpWithAwsMarketplace', output: tenantOutput },
    failed('confirmSignUpWithAwsMarketplace'),
    invalidToken('confirmSignUpWithAwsMarketplace'),
    { type: 'xstate.done.actor.linkAwsMarketplace' },
    failed('linkAwsMarketplace'),
    invalidToken('linkAwsMarketplace'),
  ];
  return { signUp, emailUpdate, externalUserLink, mfaSetup, awsMarketplaceSignUp };
}
