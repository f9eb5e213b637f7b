import { afterAll, beforeAll } from 'vitest';

/**
 * Collects what reaches Node as an uncaught exception or unhandled rejection while the calling
 * suite runs (listeners added before it, removed after it). XState reports an actor's error to
 * Node on a later macrotask: await {@link nextMacrotask} before reading the list.
 */
export function collectUncaught(): unknown[] {
  const uncaught: unknown[] = [];
  const record = (error: unknown) => void uncaught.push(error);
  beforeAll(() => {
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
  });
  afterAll(() => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  });
  return uncaught;
}

/** Resolves on the next macrotask, after anything XState reports to Node for the current one. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
