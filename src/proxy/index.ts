/**
 * `saasus-flows/proxy`: the server handler browsers call instead of SaaSus. The browser side,
 * `proxyTransport`, is exported from `saasus-flows`.
 */
export { createSaasusProxy } from './handler.js';
export type { SaasusProxyOptions, SaasusProxyHandler, ProxyOperation } from './handler.js';
export type { FlowsApi, FlowOperationName, UserSession } from '../api/flows-api.js';
export { toNodeHandler } from './node.js';
export type { NodeRequestListener } from './node.js';
