import { fromPromise, type PromiseActorLogic } from 'xstate';
import { FlowConfigurationError } from './flow-error.js';

/**
 * The default implementation of a machine's actor: rejects at once with a
 * {@link FlowConfigurationError}, so a machine used without its actors shows a
 * `configuration` error instead of hanging.
 */
export function missingActor<TOutput, TInput>(actor: string, machine: string): PromiseActorLogic<TOutput, TInput> {
  return fromPromise<TOutput, TInput>(() =>
    Promise.reject(
      new FlowConfigurationError(
        `saasus-flows: the "${actor}" actor of ${machine} is not provided. ` +
          `Use the machines from createSaasusFlows(api), or ${machine}.provide({ actors: { ${actor}: … } }).`,
      ),
    ),
  );
}
