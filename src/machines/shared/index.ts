export { toFlowError, invalidInputError, isDeadCodeError, FlowConfigurationError } from './flow-error.js';
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
