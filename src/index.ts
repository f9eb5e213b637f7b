/**
 * `saasus-flows`: the six flow machines, `createSaasusFlows` and the per-flow actor factories,
 * `persistFlow`, the flow types, and `proxyTransport` (the browser side of `saasus-flows/proxy`).
 * Browser-safe: nothing here signs, serves or touches Node. The signing client is
 * `saasus-flows/api`, the server handler `saasus-flows/proxy`.
 */
export * from './machines/index.js';
export * from './services/index.js';
export { proxyTransport } from './proxy/transport.js';
export type { ProxyTransport, ProxyTransportOptions } from './proxy/transport.js';
