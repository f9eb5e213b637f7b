import { fromPromise, type PromiseActorLogic } from 'xstate';
import { FlowConfigurationError } from './flow-error.js';
import { missingActorMessage } from './messages.js';

/**
 * The default implementation of a machine's actor: rejects at once with a
 * {@link FlowConfigurationError} naming the actor (the `src` it is invoked by), so a machine
 * used without its actors shows a `configuration` error instead of hanging.
 */
export function missingActor<TOutput, TInput>(): PromiseActorLogic<TOutput, TInput> {
  return fromPromise<TOutput, TInput>(({ self }) => Promise.reject(new FlowConfigurationError(missingActorMessage(String(self.src)))));
}
