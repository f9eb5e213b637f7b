/**
 * `saasus-flows/react`: the React hook for the saasus-flows machines. React and `@xstate/react`
 * are optional peer dependencies, needed only by this entry.
 */
export { useSaasusFlow } from './use-saasus-flow.js';
export type { FlowView, FlowSenders, UseSaasusFlowOptions, FlowPersistOptions } from './use-saasus-flow.js';
export { statePaths } from './flow-view.js';
export type { FlowViewError, TopStateOf } from './flow-view.js';
