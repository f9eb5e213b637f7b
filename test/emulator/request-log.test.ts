import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isApiError } from '../../src/api/index.js';
import type { RequestRecord } from '../../src/emulator/index.js';
import { startFixture, transports, type Fixture } from './support.js';

/** Longer than any test waits: a request that is not aborted would be answered well after the test failed. */
const LATENCY_MS = 2_000;

describe.each(transports)('emulator request log (%s)', (transport) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture(transport);
  });
  afterEach(async () => {
    await f.close();
  });

  const log = (): RequestRecord[] => f.emulator.control.requestLog();

  it('records each request answered, with its status, success or failure', async () => {
    await f.api.signUp({ email: 'ann@example.com' });
    await f.api.signUp({ email: 'ann@example.com' }).catch(() => undefined);
    f.emulator.control.injectFault('resendSignUpConfirmationEmail', { status: 503 });
    await f.api.resendSignUpConfirmationEmail({ email: 'ann@example.com' }).catch(() => undefined);

    expect(log()).toEqual([
      { operation: 'signUp', outcome: 'answered', status: 201 },
      { operation: 'signUp', outcome: 'answered', status: 400 },
      { operation: 'resendSignUpConfirmationEmail', outcome: 'answered', status: 503 },
    ]);
  });

  it('does not run an operation whose request is aborted during injected latency, and logs it as aborted', async () => {
    f.emulator.control.injectFault('signUp', { latencyMs: LATENCY_MS });
    const controller = new AbortController();
    const call = f.api.signUp({ email: 'ann@example.com' }, { signal: controller.signal }).then(
      () => 'answered',
      (error: unknown) => (isApiError(error) ? error.type : 'thrown'),
    );
    await vi.waitFor(() => expect(log()).toEqual([{ operation: 'signUp', outcome: 'inFlight' }]), { interval: 5 });

    controller.abort();
    expect(await call).toBe('aborted');
    // The server learns of the closed connection on its own schedule; it never answers in between.
    await vi.waitFor(() => expect(log()[0]?.outcome).not.toBe('inFlight'), { timeout: 2 * LATENCY_MS, interval: 5 });
    expect(log()).toEqual([{ operation: 'signUp', outcome: 'aborted' }]);
    expect(f.emulator.control.exportState().users).toEqual({});
    expect(f.emulator.control.outbox()).toEqual([]);
  });

  it('empties the log on reset', async () => {
    await f.api.signUp({ email: 'ann@example.com' });
    f.emulator.control.reset();
    expect(log()).toEqual([]);
  });
});

describe('emulator request log over HTTP', () => {
  it('is listed by GET /_emulator/requests', async () => {
    const f = await startFixture('over HTTP');
    try {
      await f.api.signUp({ email: 'ann@example.com' });
      const response = await fetch(`${f.baseURL}/_emulator/requests`);
      expect(await response.json()).toEqual({ requests: [{ operation: 'signUp', outcome: 'answered', status: 201 }] });
    } finally {
      await f.close();
    }
  });
});
