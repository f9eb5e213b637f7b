import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createSaasUserApi, type RetryOptions, type SaasUserApiOptions } from '../../src/api/index.js';
import { expectedAuthorization, json, startLoopback, type Loopback, type Reply } from './loopback.js';

const creds = { saasId: 'saas-1', apiKey: 'api-key-1', secretKey: 'secret-key-1' };
const user = { id: 'u-1', email: 'a@example.com', attributes: {} };

let server: Loopback;
let replies: Reply[] = [];

beforeAll(async () => {
  // Answers from the queue; the last reply repeats.
  server = await startLoopback(() => (replies.length > 1 ? replies.shift() : replies[0]) ?? { status: 200 });
});
afterAll(() => server.close());

/** A client whose backoff sleeps are recorded instead of waited. */
function client(retry: RetryOptions = {}, extra: Partial<SaasUserApiOptions> = {}) {
  const delays: number[] = [];
  const api = createSaasUserApi({
    ...creds,
    baseURL: server.origin,
    retry: { random: () => 0.5, sleep: async (ms) => void delays.push(ms), ...retry },
    ...extra,
  });
  const before = server.requests.length;
  return { api, delays, sent: () => server.requests.slice(before) };
}

const unavailable = json(503, { type: 'service_unavailable', message: 'try later' });

describe('retries', () => {
  it('retries a GET on 503 and resolves with the later success, re-signing each attempt', async () => {
    replies = [unavailable, unavailable, json(200, user)];
    let minute = 0;
    const { api, delays, sent } = client({}, { now: () => new Date(Date.UTC(2026, 0, 1, 0, minute++)) });
    await expect(api.getSaasUser('u-1')).resolves.toEqual(user);
    expect(sent()).toHaveLength(3);
    expect(delays).toHaveLength(2);
    sent().forEach((request, i) => {
      expect(request.headers.authorization).toBe(expectedAuthorization(request, `2026010100${String(i).padStart(2, '0')}`, creds));
    });
  });

  it('retries a GET after the connection is dropped', async () => {
    replies = [{ destroy: true }, json(200, { users: [] })];
    const { api, sent } = client();
    await expect(api.getSaasUsers()).resolves.toEqual({ users: [] });
    expect(sent()).toHaveLength(2);
  });

  it('never retries a POST on 503', async () => {
    replies = [unavailable];
    const { api, delays, sent } = client({ limit: 5 });
    await expect(api.signUp({ email: 'a@example.com' })).rejects.toMatchObject({ status: 503, retryable: true });
    expect(sent()).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('never retries a write after the connection is dropped', async () => {
    replies = [{ destroy: true }];
    const { api, sent } = client({ limit: 5 });
    await expect(api.deleteSaasUser('u-1')).rejects.toMatchObject({ kind: 'network' });
    expect(sent()).toHaveLength(1);
  });

  it('does not retry 429', async () => {
    replies = [json(429, { type: 'too_many_requests', message: 'slow down' })];
    const { api, sent } = client({ limit: 5 });
    await expect(api.getSaasUsers()).rejects.toMatchObject({ status: 429, type: 'too_many_requests' });
    expect(sent()).toHaveLength(1);
  });

  it('does not retry a 404', async () => {
    replies = [json(404, { type: 'user_not_found', message: 'no' })];
    const { api, sent } = client();
    await expect(api.getSaasUser('nobody')).rejects.toMatchObject({ status: 404 });
    expect(sent()).toHaveLength(1);
  });

  it('gives up after the configured number of retries, with capped, jittered backoff', async () => {
    replies = [unavailable];
    const { api, delays, sent } = client({ limit: 3, baseDelay: 100, maxDelay: 250 });
    const error: unknown = await api.getUserMfaPreference('u-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, operation: 'getUserMfaPreference' });
    expect(sent()).toHaveLength(4);
    // cap = min(250, 100·2ⁿ); delay = cap/2 + random·cap/2 with random = 0.5
    expect(delays).toEqual([75, 150, 187.5]);
  });

  it('spreads delays with the injected randomness', async () => {
    replies = [unavailable];
    const low = client({ limit: 1, baseDelay: 100, random: () => 0 });
    await low.api.getSaasUsers().catch(() => undefined);
    const high = client({ limit: 1, baseDelay: 100, random: () => 0.999 });
    await high.api.getSaasUsers().catch(() => undefined);
    expect(low.delays).toEqual([50]);
    expect(high.delays[0]).toBeCloseTo(99.95);
  });

  it('does not retry when retry is false', async () => {
    replies = [unavailable];
    const { api, sent } = client({}, { retry: false });
    await expect(api.getSaasUsers()).rejects.toMatchObject({ status: 503 });
    expect(sent()).toHaveLength(1);
  });

  it('never retries the single-use callback-code exchange', async () => {
    replies = [unavailable];
    const { api, sent } = client({ limit: 3 });
    await expect(api.getCredentials('code-1')).rejects.toMatchObject({ status: 503, operation: 'getCredentials' });
    expect(sent()).toHaveLength(1);
  });

  it('stops waiting and reports aborted when the caller aborts during the backoff', async () => {
    replies = [unavailable];
    const controller = new AbortController();
    const { api, sent } = client({
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort();
        }),
    });
    await expect(api.getSaasUsers({ signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    expect(sent()).toHaveLength(1);
  });
});
