import { createClient, RESP_TYPES, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FlowStoreUnavailableError,
  isFlowStoreUnavailableError,
  redisFlowStore,
  type FlowStore,
  type PersistedFlow,
  type RedisFlowStoreClient,
} from '../../src/server/index.js';
import { redisServerBinary, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { describeFlowStoreConformance } from './store-conformance.js';

const PREFIX = 'test:flow:';
const SHORT_TTL = 150;

let server: RedisServer;
const clients: RedisClientType[] = [];
/** Errors the clients emitted (a client without an `error` listener would crash the process). */
const clientErrors: unknown[] = [];

/** A client as the store's docs ask for: no offline queue, a connect timeout, reconnecting. */
async function connectedClient(url: string, resp: 2 | 3 = 2): Promise<RedisClientType> {
  const client = createClient({
    url,
    RESP: resp,
    disableOfflineQueue: true,
    socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(20 * (retries + 1), 200) },
  }) as RedisClientType;
  client.on('error', (error: unknown) => clientErrors.push(error));
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop('SIGTERM');
});

/** Polls until `check` holds; fails after `attempts` tries. Measures nothing. */
async function until(check: () => Promise<boolean>, what: string, attempts = 500): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting until ${what}`);
}

/** Every key and value in the whole keyspace (SCAN, then GET by type). */
async function keyspaceBytes(client: RedisClientType): Promise<string[]> {
  const bytes: string[] = [];
  for await (const keys of client.scanIterator({ COUNT: 100 })) {
    for (const key of keys) {
      bytes.push(key);
      const type = await client.type(key);
      if (type === 'none') continue; // expired between SCAN and TYPE
      if (type !== 'string') throw new Error(`unexpected ${type} key ${key}: the store writes strings only`);
      const value = await client.get(key);
      if (value !== null) bytes.push(value);
    }
  }
  return bytes;
}

describeFlowStoreConformance('redisFlowStore', {
  async stores(count, { ttlMs, newId }) {
    return Promise.all(
      Array.from({ length: count }, async () => redisFlowStore(await connectedClient(server.url), { prefix: PREFIX, ttlMs, ...(newId ? { newId } : {}) })),
    );
  },
  shortTtlMs: SHORT_TTL,
  async awaitExpiry(id) {
    const inspector = await connectedClient(server.url);
    await until(async () => (await inspector.exists(PREFIX + id)) === 0, `${id} expired`);
  },
  async storedBytes() {
    return keyspaceBytes(await connectedClient(server.url));
  },
});

const snapshot = { status: 'active', value: 'enteringEmail', historyValue: {}, context: { email: 'a@example.com' }, children: {} } as unknown as PersistedFlow;

describe('redisFlowStore', () => {
  let client: RedisClientType;
  let store: FlowStore;
  beforeAll(async () => {
    client = await connectedClient(server.url);
    store = redisFlowStore(client, { prefix: 'app:flows:', ttlMs: 600_000 });
  });

  it('keeps one string key per flow, prefix + id, holding the record as JSON with a TTL', async () => {
    const { id, expiresAt } = await store.create({ owner: 'session-1', snapshot });
    const key = `app:flows:${id}`;
    expect(await client.type(key)).toBe('string');
    expect(JSON.parse((await client.get(key)) ?? 'null')).toEqual({ version: 1, owner: 'session-1', expiresAt, snapshot });
    const ttl = await client.pTTL(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600_000);
  });

  it('renews the TTL with every applied replace, and not with a conflicting one', async () => {
    const { id } = await store.create({ owner: 'session-1', snapshot });
    const key = `app:flows:${id}`;
    await client.pExpire(key, 30_000);
    expect(await store.replace(id, 2, { owner: 'session-1', snapshot })).toMatchObject({ status: 'conflict' });
    expect(await client.pTTL(key)).toBeLessThanOrEqual(30_000);
    expect(await store.replace(id, 1, { owner: 'session-1', snapshot })).toMatchObject({ status: 'applied' });
    expect(await client.pTTL(key)).toBeGreaterThan(30_000);
  });

  it('works with RESP3 clients as with RESP2 ones, on the same records', async () => {
    const resp3 = redisFlowStore(await connectedClient(server.url, 3), { prefix: 'app:flows:', ttlMs: 600_000 });
    const { id } = await resp3.create({ owner: 'session-1', snapshot });
    expect(await store.replace(id, 1, { owner: 'session-1', snapshot })).toMatchObject({ status: 'applied' });
    expect(await resp3.replace(id, 1, { owner: 'session-1', snapshot })).toMatchObject({ status: 'conflict', current: { version: 2 } });
    expect(await resp3.replace(id, 2, { owner: 'session-1', snapshot })).toMatchObject({ status: 'applied', record: { version: 3 } });
    expect(await resp3.get(id)).toMatchObject({ version: 3, owner: 'session-1' });
  });

  it('reads records through a client whose type mapping answers Buffers and numbers as strings', async () => {
    const mapped = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.NUMBER]: String });
    const buffers = redisFlowStore(mapped, { prefix: 'app:flows:', ttlMs: 600_000 });
    const { id } = await buffers.create({ owner: 'session-1', snapshot });
    expect(Buffer.isBuffer(await mapped.get(`app:flows:${id}`))).toBe(true);
    expect(await mapped.del('app:flows:none')).toBe('0');
    expect(await buffers.get(id)).toMatchObject({ version: 1, owner: 'session-1', snapshot });
    expect(await buffers.replace(id, 1, { owner: 'session-1', snapshot })).toMatchObject({ status: 'applied', record: { version: 2 } });
    expect(await buffers.replace(id, 1, { owner: 'session-1', snapshot })).toMatchObject({ status: 'conflict', current: { version: 2 } });
    expect(await buffers.delete(id)).toBe(true);
    expect(await buffers.replace(id, 2, { owner: 'session-1', snapshot })).toEqual({ status: 'conflict', current: undefined });
  });

  it('accepts the clients createClient makes, whatever their RESP version (a type check)', () => {
    const resp2: RedisFlowStoreClient = createClient({ RESP: 2 });
    const resp3: RedisFlowStoreClient = createClient({ RESP: 3 });
    const plain: RedisFlowStoreClient = createClient();
    expect([resp2, resp3, plain].every((c) => typeof c.evalSha === 'function')).toBe(true);
  });

  it('loads its script again when the server has forgotten it (SCRIPT FLUSH)', async () => {
    const { id } = await store.create({ owner: 'session-1', snapshot });
    await client.scriptFlush();
    expect(await store.replace(id, 1, { owner: 'session-1', snapshot })).toMatchObject({ status: 'applied' });
  });

  it('reports a key that does not hold a flow record as an error, not as a conflict or as unavailable', async () => {
    await client.set('app:flows:not-a-flow', 'plain text');
    const error = await store.replace('not-a-flow', 1, { owner: 'session-1', snapshot }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isFlowStoreUnavailableError(error)).toBe(false);
    await expect(store.get('not-a-flow')).rejects.toThrow();
  });

  it('refuses something that is not a client', () => {
    expect(() => redisFlowStore({} as never, { ttlMs: 1_000 })).toThrow(TypeError);
    expect(() => redisFlowStore(client, { ttlMs: -1 })).toThrow(TypeError);
  });
});

describe('redisFlowStore when Redis goes away', () => {
  let faulty: RedisServer;
  let client: RedisClientType;
  let store: FlowStore;
  beforeAll(async () => {
    faulty = await startRedisServer();
    client = await connectedClient(faulty.url);
    store = redisFlowStore(client, { prefix: PREFIX, ttlMs: 600_000 });
  });
  afterAll(async () => {
    await faulty?.stop('SIGTERM');
  });

  it('rejects every call with FlowStoreUnavailableError while Redis is down, and works again once it is back', async () => {
    const { id } = await store.create({ owner: 'session-1', snapshot });
    await faulty.stop('SIGKILL');

    const calls = [
      store.get(id),
      store.create({ owner: 'session-1', snapshot }),
      store.replace(id, 1, { owner: 'session-1', snapshot }),
      store.delete(id),
    ];
    for (const call of calls) {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FlowStoreUnavailableError);
      expect(error).toMatchObject({ code: 'store_unavailable' });
    }
    // Still down a little later (the client is reconnecting in the background): still fails fast.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(store.get(id)).rejects.toSatisfy(isFlowStoreUnavailableError);

    await faulty.restart();
    await until(async () => client.isReady, 'the client reconnected');
    // Persistence is off: the restarted server is empty, and the store works on it.
    expect(await store.get(id)).toBeUndefined();
    const again = await store.create({ owner: 'session-1', snapshot });
    expect(await store.replace(again.id, 1, { owner: 'session-1', snapshot })).toMatchObject({ status: 'applied', record: { version: 2 } });
    expect(await store.get(again.id)).toMatchObject({ version: 2 });
  });
});

describe('the redis-server test helper', () => {
  it('fails, saying how to install it, when redis-server is missing (never skips)', () => {
    expect(() => redisServerBinary({ PATH: '/nonexistent' }, ['/nonexistent/redis-server'])).toThrow(/apt-get install -y redis-server/);
    expect(() => redisServerBinary({ REDIS_SERVER: '/nonexistent/redis-server' })).toThrow(/apt-get install -y redis-server/);
  });

  it('started a server that persists nothing, on loopback', async () => {
    const client = await connectedClient(server.url);
    expect(await client.configGet('save')).toEqual({ save: '' });
    expect(await client.configGet('appendonly')).toEqual({ appendonly: 'no' });
    expect(await client.configGet('bind')).toEqual({ bind: '127.0.0.1' });
  });
});
