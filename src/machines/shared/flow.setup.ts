import type { FlowStateMeta, FlowTag } from './flow.types.js';

/** The `setup({ types })` of a flow machine: its own context, events, input and output; the flows' tags and state meta. */
export interface FlowTypes<TContext, TEvent, TInput, TOutput> {
  context: TContext;
  events: TEvent;
  input: TInput;
  output: TOutput;
  tags: FlowTag;
  meta: FlowStateMeta;
}

/**
 * `setup({ types })` of a flow machine. Type information only, as `{} as T` is: `setup`
 * reads nothing from it at run time.
 *
 * @example
 * setup({ types: flowTypes<SignUpContext, SignUpEvent, SignUpInput | undefined, SignUpOutput>(), … })
 */
export function flowTypes<TContext, TEvent, TInput, TOutput>(): FlowTypes<TContext, TEvent, TInput, TOutput> {
  return {} as FlowTypes<TContext, TEvent, TInput, TOutput>;
}
