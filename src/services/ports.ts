export type { FlowsApi, FlowOperationName, UserSession } from '../api/flows-api.js';
export { SESSION_FROM_BACKEND } from '../api/flows-api.js';
