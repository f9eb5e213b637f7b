export { FlowStoreUnavailableError, isFlowStoreUnavailableError } from './flow-store.js';
export type {
  CreatedFlowRecord,
  FlowRecord,
  FlowRecordInput,
  FlowReplaceResult,
  FlowStore,
  PersistedFlow,
} from './flow-store.js';
export { memoryFlowStore } from './memory-flow-store.js';
export type { MemoryFlowEntry, MemoryFlowStoreOptions } from './memory-flow-store.js';
export { redisFlowStore } from './redis-flow-store.js';
export type { RedisFlowStoreClient, RedisFlowStoreOptions, RedisScriptOptions } from './redis-flow-store.js';
export { createFlowEndpoint, FLOW_IDS } from './flow-endpoint.js';
export type { FlowAuth, FlowEndpoint, FlowEndpointOptions, FlowId, FlowMachines, FlowView } from './flow-endpoint.js';
