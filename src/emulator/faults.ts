import { defaultSleep as sleep } from '../api/config.js';
import { operations } from '../api/operations.js';
import { EmulatorError, invalidParameter } from './errors.js';
import type { Fault, FaultTarget } from './types.js';

interface ArmedFault {
  status?: number;
  type: string;
  message: string;
  latencyMs: number;
  remaining: number;
}

/** Whether `name` is something faults can be injected into. */
export function isFaultTarget(name: unknown): name is FaultTarget {
  return typeof name === 'string' && (Object.hasOwn(operations, name) || name === 'getAuthCredentials' || name === 'getUserInfo');
}

/** Faults queued per operation; each hits the next `times` requests of that operation. */
export class Faults {
  private readonly armed = new Map<FaultTarget, ArmedFault[]>();

  /** Validates and queues a fault (`invalid_parameter` when malformed). */
  inject(target: unknown, fault: Fault): void {
    if (!isFaultTarget(target)) throw invalidParameter(`Unknown operation "${String(target)}".`);
    const { status, latencyMs = 0, times = 1 } = fault;
    if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) {
      throw invalidParameter('"status" must be an integer from 400 to 599.');
    }
    if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 600_000) {
      throw invalidParameter('"latencyMs" must be 0 to 600000.');
    }
    if (times !== Infinity && (!Number.isInteger(times) || times < 1)) throw invalidParameter('"times" must be a positive integer or Infinity.');
    if (status === undefined && latencyMs === 0) throw invalidParameter('A fault needs a "status", a "latencyMs", or both.');
    if (fault.type !== undefined && (typeof fault.type !== 'string' || fault.type === '')) throw invalidParameter('"type" must be a non-empty string.');
    if (fault.message !== undefined && typeof fault.message !== 'string') throw invalidParameter('"message" must be a string.');
    const armed: ArmedFault = {
      type: fault.type ?? 'injected_fault',
      message: fault.message ?? `Fault injected into ${target}.`,
      latencyMs,
      remaining: times,
    };
    if (status !== undefined) armed.status = status;
    const queue = this.armed.get(target) ?? [];
    queue.push(armed);
    this.armed.set(target, queue);
  }

  clear(): void {
    this.armed.clear();
  }

  /** Whether a fault is queued for `target` (so {@link apply} has something to do). */
  armedFor(target: FaultTarget): boolean {
    return this.armed.has(target);
  }

  /**
   * Applies the next fault of `target`, if any: waits its latency (rejecting when the request's
   * signal aborts), then throws its error when it has a status. The signal is only asked for
   * when a fault is armed: creating one costs on every request.
   */
  async apply(target: FaultTarget, signalOf?: () => AbortSignal): Promise<void> {
    const queue = this.armed.get(target);
    const fault = queue?.[0];
    if (!queue || !fault) return;
    const signal = signalOf?.();
    fault.remaining -= 1;
    if (fault.remaining <= 0) queue.shift();
    if (queue.length === 0) this.armed.delete(target);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs, signal);
    if (fault.status !== undefined) {
      throw new EmulatorError(fault.type, fault.message, undefined, fault.status);
    }
  }
}
