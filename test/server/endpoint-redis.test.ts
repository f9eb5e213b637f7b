import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveEmulator, type ServedEmulator } from '../../src/emulator/index.js';
import { redisFlowStore, type FlowEndpoint } from '../../src/server/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { call, createEmulatorWorld, endpointOn, type Answer, type Sessions } from './endpoint-world.js';

const clients: RedisClientType[] = [];
const servers: RedisServer[] = [];
const children: ChildProcess[] = [];
const dirs: string[] = [];

async function connect(url: string): Promise<RedisClientType> {
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 1_000, reconnectStrategy: (n) => Math.min(20 * (n + 1), 200) } }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const client of clients) client.destroy();
  for (const server of servers) await server.stop('SIGTERM');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function until<T>(attempt: () => Promise<T | undefined>, what: string, tries = 400): Promise<T> {
  for (let i = 0; i < tries; i += 1) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting until ${what}`);
}

describe('flow endpoint on real Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saasus-flows-redis-'));
    dirs.push(dir);
    redis = await startRedisServer({ appendOnlyDir: dir });
    servers.push(redis);
  });

  it('three instances, 200 sign-ups, every event sent twice at once to two instances: each applied once, all complete', { timeout: 120_000 }, async () => {
    const world = createEmulatorWorld();
    const sessions: Sessions = new Map();
    const instances: FlowEndpoint[] = [];
    for (let i = 0; i < 3; i += 1) instances.push(endpointOn(world, sessions, redisFlowStore(await connect(redis.url), { ttlMs: 120_000, prefix: 'conc:' })));
    const inspector = await connect(redis.url);
    const FLOWS = 200;
    const BATCH = 25;
    const answers: Answer[][] = [];

    async function drive(n: number): Promise<void> {
      const subject = `subject-${n}`;
      const email = `user${n}@example.com`;
      const a = instances[n % 3]!;
      const b = instances[(n + 1) % 3]!;
      const created = await call(instances[(n + 2) % 3]!, 'POST', '/signUp', subject, {});
      expect(created.status).toBe(201);
      const path = `/signUp/${created.body.id}/events`;
      const twice = async (event: unknown) => {
        const pair = await Promise.all([call(a, 'POST', path, subject, event), call(b, 'POST', path, subject, event)]);
        answers.push(pair);
        return pair;
      };
      const submitted = await twice({ type: 'email.submit', email });
      const temporaryPassword = world.inbox.temporaryPassword(email);
      const confirmed = await twice({ type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword, newPassword: `Pw-${n}-Secret!` } });
      for (const pair of [submitted, confirmed]) {
        expect(pair.map((answer) => answer.status).every((status) => status === 200 || status === 409)).toBe(true);
        expect(pair.some((answer) => answer.status === 200)).toBe(true);
      }
      const final = await call(a, 'GET', `/signUp/${created.body.id}`, subject);
      expect(final.body.view).toMatchObject({ status: 'done', value: 'confirmed', tags: [], output: { status: 'confirmed', email } });
      // created (1) + claim and save for each of the two events (2 + 2): no copy applied twice, none lost.
      expect(final.body.view!.version).toBe(5);
      expect(world.emulator.control.outbox({ to: email })).toHaveLength(1);
    }

    for (let start = 0; start < FLOWS; start += BATCH) {
      await Promise.all(Array.from({ length: Math.min(BATCH, FLOWS - start) }, (_, i) => drive(start + i)));
    }
    expect(answers).toHaveLength(FLOWS * 2);
    const conflicts = answers.flat().filter((answer) => answer.status === 409).length;
    expect(conflicts).toBeGreaterThan(0);
    const confirmedUsers = Object.values(world.emulator.control.exportState().users).filter((user) => /^user\d+@example\.com$/.test(user.email));
    expect(confirmedUsers).toHaveLength(FLOWS);
    expect(confirmedUsers.every((user) => user.status === 'CONFIRMED')).toBe(true);
    // Nothing left claimed or busy in the store.
    let keys = 0;
    for await (const batch of inspector.scanIterator({ MATCH: 'conc:*', COUNT: 500 })) {
      for (const key of batch) {
        keys += 1;
        const record = JSON.parse((await inspector.get(key))!) as { snapshot: { claim?: unknown; status: string } };
        expect(record.snapshot.claim).toBeUndefined();
        expect(record.snapshot.status).toBe('done');
      }
    }
    expect(keys).toBe(FLOWS);
  });

  it('Redis stopped mid-run: 503 store_unavailable and nothing lost; restarted: the flows continue', { timeout: 60_000 }, async () => {
    const world = createEmulatorWorld();
    const sessions: Sessions = new Map();
    const endpoint = endpointOn(world, sessions, redisFlowStore(await connect(redis.url), { ttlMs: 120_000, prefix: 'fault:' }));
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) {
      const { id } = (await call(endpoint, 'POST', '/signUp', `s${n}`, {})).body;
      const sent = await call(endpoint, 'POST', `/signUp/${id}/events`, `s${n}`, { type: 'email.submit', email: `down${n}@example.com` });
      expect(sent.body.view!.value).toMatchObject({ awaitingConfirmation: expect.anything() });
      ids.push(id!);
    }
    await redis.stop();
    for (let n = 0; n < 5; n += 1) {
      const temporaryPassword = world.inbox.temporaryPassword(`down${n}@example.com`);
      const refused = await call(endpoint, 'POST', `/signUp/${ids[n]}/events`, `s${n}`, { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword, newPassword: 'Pw-Down-1!' } });
      expect(refused).toEqual({ status: 503, body: { type: 'store_unavailable', message: expect.any(String) } });
      expect((await call(endpoint, 'GET', `/signUp/${ids[n]}`, `s${n}`)).status).toBe(503);
    }
    expect((await call(endpoint, 'POST', '/signUp', 'late', {})).status).toBe(503);
    await redis.restart();
    for (let n = 0; n < 5; n += 1) {
      const view = await until(async () => {
        const answer = await call(endpoint, 'GET', `/signUp/${ids[n]}`, `s${n}`);
        return answer.status === 200 ? answer.body.view : undefined;
      }, 'the store is back');
      expect(view).toMatchObject({ value: { awaitingConfirmation: expect.anything() }, version: 3, context: { email: `down${n}@example.com` } });
      const temporaryPassword = world.inbox.temporaryPassword(`down${n}@example.com`);
      const done = await call(endpoint, 'POST', `/signUp/${ids[n]}/events`, `s${n}`, { type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword, newPassword: 'Pw-Down-1!' } });
      expect(done.body.view).toMatchObject({ status: 'done', value: 'confirmed' });
    }
  });

  it('an instance killed (SIGKILL) in the middle of a request: another instance continues the flow from its last saved step', { timeout: 60_000 }, async () => {
    const world = createEmulatorWorld();
    const served: ServedEmulator = await serveEmulator(world.emulator);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'endpoint-instance.ts')], {
        env: { ...process.env, REDIS_URL: redis.url, EMULATOR_URL: served.url, CLAIM_TTL_MS: '400' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const port = await until(async () => /listening (\d+)/.exec(output)?.[1], `the instance listens (${output})`);
      const session = await world.signUpUser('killed@example.com');
      const headers = { 'content-type': 'application/json', 'x-subject': 'k', 'x-user-id': session.userId, 'x-access-token': session.accessToken };
      const remote = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        return { status: response.status, body: (await response.json()) as Answer['body'] };
      };
      const created = await remote('POST', '/emailUpdate', {});
      expect(created.status).toBe(201);
      const id = created.body.id!;

      world.emulator.control.injectFault('requestEmailUpdate', { latencyMs: 30_000 });
      const pending = remote('POST', `/emailUpdate/${id}/events`, { type: 'email.submit', email: 'moved@example.com' }).catch((error: unknown) => error);
      await until(async () => (world.emulator.control.requestLog().some((r) => r.operation === 'requestEmailUpdate' && r.outcome === 'inFlight') ? true : undefined), 'the request is in flight');
      child.kill('SIGKILL');
      expect(await pending).toBeInstanceOf(Error);
      world.emulator.control.clearFaults();

      const sessions: Sessions = new Map([['k', session]]);
      const other = endpointOn(world, sessions, redisFlowStore(await connect(redis.url), { ttlMs: 60_000 }), { claimTtlMs: 400 });
      const read = await call(other, 'GET', `/emailUpdate/${id}`, 'k');
      expect(read.body.view).toMatchObject({ value: { enteringEmail: expect.anything() }, tags: [] });
      const sent = await until(async () => {
        const answer = await call(other, 'POST', `/emailUpdate/${id}/events`, 'k', { type: 'email.submit', email: 'moved@example.com' });
        if (answer.status === 409) return undefined;
        return answer;
      }, 'the dead instance’s claim lapses');
      expect(sent.status).toBe(200);
      expect(sent.body.view).toMatchObject({ value: { enteringCode: expect.anything() } });
      const code = world.inbox.code('moved@example.com');
      const done = await call(other, 'POST', `/emailUpdate/${id}/events`, 'k', { type: 'code.submit', code });
      expect(done.body.view).toMatchObject({ status: 'done', output: { status: 'updated' } });
    } finally {
      await served.close();
    }
  });
});
