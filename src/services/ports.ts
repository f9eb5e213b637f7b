export type { FlowsApi, FlowOperationName, UserSession } from '../api/client.types.js';
export { SESSION_FROM_BACKEND } from '../api/operations.js';
