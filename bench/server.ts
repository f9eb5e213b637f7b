/**
 * The flow endpoint's cost per event: events per second and latency percentiles of UI events
 * sent through `createFlowEndpoint` (in-process, over the in-process emulator), with the memory
 * store and with Redis, beside a raw Redis GET+SET round trip pair measured in the same run, and
 * the store round trips each kind of event costs (counted by wrapping the store).
 *
 * Each flow is a sign-up; its events alternate `email.submit` (starts a request: the flow is
 * claimed, then saved) and `email.change` (no request: only saved). CONCURRENCY flows run at
 * once, each sending its next event when the previous answer arrived. Redis is Debian's
 * redis-server started here on a free loopback port (persistence off); without it, the Redis
 * rows are skipped and the reason printed.
 *
 *   npm run bench:server
 *   CONCURRENCY=32 EVENTS=4000 npm run bench:server
 */
import { createClient, type RedisClientType } from 'redis';
import { createSaasusFlows } from '../src/services/index.js';
import { createFlowEndpoint, memoryFlowStore, redisFlowStore, type FlowEndpoint, type FlowStore } from '../src/server/index.js';
import { createEmulatorWorld } from '../src/testing/emulator-world.js';
import { startRedisServer, type RedisServer } from '../test/support/redis-server.js';

const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 16);
const EVENTS = Number(process.env['EVENTS'] ?? 3000);
const WARMUP = 300;

interface Counted {
  store: FlowStore;
  calls: { n: number };
}

function counting(store: FlowStore): Counted {
  const calls = { n: 0 };
  const count =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) => {
      calls.n += 1;
      return fn(...args);
    };
  return {
    calls,
    store: { get: count(store.get), create: count(store.create), replace: count(store.replace), delete: count(store.delete) },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function post(endpoint: FlowEndpoint, path: string, body: unknown): Promise<{ status: number; body: { id?: string } }> {
  const response = await endpoint(new Request(`http://bench.test${path}`, { method: 'POST', headers: { 'x-subject': 'bench', 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  return { status: response.status, body: (await response.json()) as { id?: string } };
}

interface Result {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  roundTrips: { submit: number; change: number };
}

async function measure(label: string, makeStore: () => FlowStore): Promise<Result> {
  const world = createEmulatorWorld();
  const counted = counting(makeStore());
  const endpoint = createFlowEndpoint({
    store: counted.store,
    authenticate: () => ({ subject: 'bench' }),
    flows: createSaasusFlows(world.api, { now: world.clock.now, confirmSignUp: async () => ({ userId: 'unused' }) }),
  });
  // Round trips of each kind of event, measured once on a quiet flow.
  const { id: probe } = (await post(endpoint, '/signUp', {})).body;
  let before = counted.calls.n;
  await post(endpoint, `/signUp/${probe}/events`, { type: 'email.submit', email: `probe-${label}@example.com` });
  const submit = counted.calls.n - before;
  before = counted.calls.n;
  await post(endpoint, `/signUp/${probe}/events`, { type: 'email.change' });
  const change = counted.calls.n - before;

  let sent = 0;
  let emails = 0;
  const latencies: number[] = [];
  async function worker(): Promise<void> {
    const { id } = (await post(endpoint, '/signUp', {})).body;
    let submitNext = true;
    while (sent < WARMUP + EVENTS) {
      const index = sent++;
      const event = submitNext ? { type: 'email.submit', email: `${label}-${emails++}@example.com` } : { type: 'email.change' };
      submitNext = !submitNext;
      const start = performance.now();
      const answer = await post(endpoint, `/signUp/${id}/events`, event);
      const took = performance.now() - start;
      if (answer.status !== 200) throw new Error(`event answered ${answer.status}`);
      if (index >= WARMUP) latencies.push(took);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: (WARMUP + EVENTS) / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), roundTrips: { submit, change } };
}

async function rawRedis(client: RedisClientType): Promise<{ p50: number; p99: number }> {
  const value = JSON.stringify({ version: 1, owner: 'bench', snapshot: { value: 'x'.repeat(600) } });
  const times: number[] = [];
  for (let i = 0; i < 2000; i += 1) {
    const start = performance.now();
    await client.get('bench:raw');
    await client.set('bench:raw', value, { expiration: { type: 'PX', value: 60_000 } });
    if (i >= 200) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const row = (name: string, result: Result) =>
  `${name.padEnd(14)} ${result.eventsPerSecond.toFixed(0).padStart(7)} events/s   p50 ${ms(result.p50).padStart(9)}   p99 ${ms(result.p99).padStart(9)}   store round trips: email.submit ${result.roundTrips.submit}, email.change ${result.roundTrips.change}`;

console.log(`flow endpoint, ${EVENTS} events (after ${WARMUP} warm-up), ${CONCURRENCY} flows at once, in-process emulator`);
console.log(row('memory store', await measure('memory', () => memoryFlowStore({ ttlMs: 600_000 }))));

let redis: RedisServer | undefined;
try {
  redis = await startRedisServer();
} catch (error) {
  console.log(`Redis rows skipped: ${(error as Error).message}`);
}
if (redis) {
  const client = createClient({ url: redis.url, disableOfflineQueue: true }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  try {
    console.log(row('Redis store', await measure('redis', () => redisFlowStore(client, { ttlMs: 600_000 }))));
    const raw = await rawRedis(client);
    console.log(`${'raw Redis'.padEnd(14)} GET+SET pair, sequential: p50 ${ms(raw.p50)}   p99 ${ms(raw.p99)}`);
  } finally {
    client.destroy();
    await redis.stop('SIGTERM');
  }
}
