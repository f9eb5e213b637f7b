import type { HTTPResponse } from 'h3';
import { errorResponse } from './http.js';
import type { FaultTarget, RequestOutcome, RequestRecord } from './types.js';

/** Records kept (oldest dropped first): enough for a test, bounded for a long-running server. */
const LIMIT = 1000;

/**
 * What became of each API request: in flight, answered (the operation ran, or failed, and the
 * answer was built) or aborted (the client went away first, so the operation never ran).
 */
export class RequestLog {
  private records: RequestRecord[] = [];

  /**
   * Runs one request's handler and records its outcome; a failure is answered as a SaaSus
   * error body. A failure after the request's signal aborted (the client went away, e.g.
   * during injected latency) is recorded as `aborted`. The signal is only asked for on
   * failure: creating one costs on every request.
   */
  async track(operation: FaultTarget, signalOf: () => AbortSignal, run: () => Promise<HTTPResponse>): Promise<HTTPResponse> {
    const record: RequestRecord = { operation, outcome: 'inFlight' };
    this.records.push(record);
    if (this.records.length > LIMIT) this.records.splice(0, this.records.length - LIMIT);
    const settle = (outcome: RequestOutcome, status?: number) => {
      record.outcome = outcome;
      if (status !== undefined) record.status = status;
    };
    try {
      const response = await run();
      settle('answered', response.status ?? 200);
      return response;
    } catch (error) {
      const response = errorResponse(error);
      if (signalOf().aborted) settle('aborted');
      else settle('answered', response.status ?? 500);
      return response;
    }
  }

  /** Copies of the records, oldest first. */
  list(): RequestRecord[] {
    return this.records.map((record) => ({ ...record }));
  }

  clear(): void {
    this.records = [];
  }
}
