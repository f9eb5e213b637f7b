export * from './api/index.js';
export * from './machines/index.js';
export * from './services/index.js';
export { proxyTransport } from './proxy/transport.js';
export type { ProxyTransport, ProxyTransportOptions } from './proxy/transport.js';
