/**
 * One signal for one attempt that aborts on the caller's signal or after the timeout, and
 * remembers which came first. ofetch 1.x ignores `timeout` when a `signal` is given, so the two
 * are combined here. A plain controller + `setTimeout` does what `AbortSignal.any` +
 * `AbortSignal.timeout` would, but the timer and the listener are released as soon as the
 * attempt ends instead of living on until the timeout fires (long-lived caller signals with
 * `AbortSignal.any` have leaked in Node 20).
 */
export interface Deadline {
  /** The signal to hand to fetch; `undefined` when there is neither a caller signal nor a timeout. */
  readonly signal: AbortSignal | undefined;
  /** What ended the attempt early, if anything. */
  reason(): 'timeout' | 'aborted' | undefined;
  /** Releases the timer and the listener. */
  dispose(): void;
}

/** Combines a caller's signal with a timeout in ms (`0` = none). */
export function withDeadline(caller: AbortSignal | undefined, timeout: number): Deadline {
  if (timeout <= 0) {
    return { signal: caller, reason: () => (caller?.aborted ? 'aborted' : undefined), dispose: () => undefined };
  }
  const controller = new AbortController();
  let first: 'timeout' | 'aborted' | undefined;
  const onAbort = () => {
    first ??= 'aborted';
    controller.abort(caller?.reason);
  };
  const timer = setTimeout(() => {
    first ??= 'timeout';
    controller.abort(new DOMException(`No response within ${timeout} ms`, 'TimeoutError'));
  }, timeout);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    reason: () => first,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}
