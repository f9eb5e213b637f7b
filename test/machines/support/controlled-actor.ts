import { ApiError } from '../../../src/api/errors.js';
import { fromPromise, type PromiseActorLogic } from 'xstate';

/** One invocation of a {@link controlledActor}: what it got, and how to finish it. */
export interface ControlledCall<TOutput, TInput> {
  input: TInput;
  signal: AbortSignal;
  resolve(output: TOutput): void;
  reject(error: unknown): void;
}

/** A promise actor the test finishes by hand, recording every call and its abort signal. */
export interface ControlledActor<TOutput, TInput> {
  logic: PromiseActorLogic<TOutput, TInput>;
  calls: ControlledCall<TOutput, TInput>[];
  /** The latest call; throws when there was none, so a missing request fails the test. */
  last(): ControlledCall<TOutput, TInput>;
}

/** Creates a {@link ControlledActor}. */
export function controlledActor<TOutput, TInput>(): ControlledActor<TOutput, TInput> {
  const calls: ControlledCall<TOutput, TInput>[] = [];
  const logic = fromPromise<TOutput, TInput>(
    ({ input, signal }) =>
      new Promise<TOutput>((resolve, reject) => {
        calls.push({ input, signal, resolve, reject });
      }),
  );
  return {
    logic,
    calls,
    last() {
      const call = calls.at(-1);
      if (!call) throw new Error('the actor was not invoked');
      return call;
    },
  };
}

/** Lets settled promises reach the actors (promise actors report on a later tick). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** A failure as the client rejects with: an HTTP error answer (retryable when status is 5xx/429). */
export function apiFailure(type: string, init: { status?: number; data?: Record<string, unknown> } = {}): ApiError {
  return new ApiError({ kind: 'http', status: init.status ?? 400, type, message: `failure: ${type}`, operation: 'test', data: init.data });
}

/** A transport failure (retryable). */
export function networkFailure(): ApiError {
  return new ApiError({ kind: 'network', status: 0, type: 'network', message: 'network down', operation: 'test' });
}
