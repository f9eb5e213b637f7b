export { toFlowError, failureOf, invalidInputError, isDeadCodeError, FlowConfigurationError } from './flow-error.js';
export type { FlowError } from './flow-error.js';
export {
  DEFAULT_CODE_TTL_MS,
  DEFAULT_RESEND_COOLDOWN_MS,
  deadlinesAfterSend,
  remainingMs,
  resendCooldownDelay,
  readRetryAt,
  systemNow,
} from './deadlines.js';
export type { DeadlineSettings, CodeDeadlines } from './deadlines.js';
export { initialCodeContext, codeSent, resendFailed, codeForgotten } from './code-context.js';
export type { CodeSettingsInput } from './code-context.js';
export { missingActor } from './missing-actor.js';
export { isWellFormedEmail, isFilled } from './validation.js';
export { persistFlow } from './persist-flow.js';
export { isEventOf, eventOf } from './events.js';
export { flowTypes } from './flow.setup.js';
export type { FlowTypes } from './flow.setup.js';
export { canRetry, isResendQueued, isEmailWellFormed, isCodeFilled, isCodeDead } from './flow.guards.js';
export { flowActions, codeEntryActions, emailEntryActions, signUpActions } from './flow.actions.js';
export type { FlowAction } from './flow.actions.js';
export { keyed, inFlight, refuse, retryFailed, formStates, emailEntryState } from './flow.states.js';
export { codeEntryDelays, changeEmail, codeEntryState, resendingState, mailedCodeStates } from './code-entry.states.js';
export { emailInput, submittedCode, sentCode } from './mappers.js';
export {
  ENTER_EMAIL,
  ENTER_MAILED_CODE,
  ENTER_CONFIRMATION,
  ENTER_AUTHENTICATOR_CODE,
  CHOOSE_TENANT,
  TOKEN_MISSING,
  TOKEN_INVALID,
  missingActorMessage,
  missingSessionMessage,
  MISSING_CONFIRM_SIGN_UP,
} from './messages.js';
export type {
  FlowTag,
  FlowCancelEvent,
  FlowRetryEvent,
  EmailSubmitEvent,
  EmailChangeEvent,
  CodeSubmitEvent,
  CodeResendEvent,
  FlowPersistMeta,
  FlowStateMeta,
  CodeContext,
} from './flow.types.js';
