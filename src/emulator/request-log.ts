import { EmulatorError } from './errors.js';
import type { FaultTarget, RequestOutcome, RequestRecord } from './types.js';

/** Records kept (oldest dropped first): enough for a test, bounded for a long-running server. */
const LIMIT = 1000;

/**
 * What became of each API request: in flight, answered (the operation ran, or failed, and the
 * answer was built) or aborted (the client went away first, so the operation never ran). The
 * newest {@link LIMIT} records are kept in a ring: adding one never moves the others.
 */
export class RequestLog {
  private ring: RequestRecord[] = [];
  /** Index of the oldest record once the ring is full. */
  private start = 0;

  /**
   * Runs one request's handler and records its outcome. A failure is recorded with the status
   * its error answers with and rethrown for the route to answer; a failure after the request's
   * signal aborted (the client went away, e.g. during injected latency) is recorded as
   * `aborted`. The signal is only asked for on failure: creating one costs on every request.
   * Synchronous when `run` is: its result, or its error thrown.
   */
  track<R extends { readonly status?: number | undefined }>(operation: FaultTarget, signalOf: () => AbortSignal, run: () => R | Promise<R>): R | Promise<R> {
    const record: RequestRecord = { operation, outcome: 'inFlight' };
    this.add(record);
    const answered = (response: R): R => {
      record.outcome = 'answered';
      record.status = response.status ?? 200;
      return response;
    };
    const failed = (error: unknown): never => {
      if (signalOf().aborted) record.outcome = 'aborted';
      else {
        record.outcome = 'answered';
        record.status = error instanceof EmulatorError ? error.status : 500;
      }
      throw error;
    };
    let result: R | Promise<R>;
    try {
      result = run();
    } catch (error) {
      return failed(error);
    }
    // A synchronous answer is recorded at once (no promise, no microtask: the served fast path).
    return result instanceof Promise ? result.then(answered, failed) : answered(result);
  }

  private add(record: RequestRecord): void {
    if (this.ring.length < LIMIT) {
      this.ring.push(record);
      return;
    }
    this.ring[this.start] = record;
    this.start = (this.start + 1) % LIMIT;
  }

  /** Copies of the records, oldest first. */
  list(): RequestRecord[] {
    const ordered = [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
    return ordered.map((record) => ({ ...record }));
  }

  clear(): void {
    this.ring = [];
    this.start = 0;
  }
}
