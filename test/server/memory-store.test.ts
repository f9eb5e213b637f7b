import { describe, expect, it } from 'vitest';
import { memoryFlowStore, type MemoryFlowEntry, type PersistedFlow } from '../../src/server/index.js';
import { describeFlowStoreConformance } from './store-conformance.js';

const storage = new Map<string, MemoryFlowEntry>();
let time = 1_700_000_000_000;
const SHORT_TTL = 1_000;

describeFlowStoreConformance('memoryFlowStore', {
  async stores(count, { ttlMs, newId }) {
    return Array.from({ length: count }, () => memoryFlowStore({ ttlMs, now: () => time, storage, ...(newId ? { newId } : {}) }));
  },
  shortTtlMs: SHORT_TTL,
  async awaitExpiry() {
    time += SHORT_TTL;
  },
  async storedBytes() {
    return [...storage].flatMap(([id, entry]) => [id, JSON.stringify(entry)]);
  },
});

const snapshot = { status: 'active', value: 'enteringEmail', context: { email: 'a@example.com' }, children: {} } as unknown as PersistedFlow;

function clockedStore(ttlMs: number) {
  const clock = { now: 0 };
  const entries = new Map<string, MemoryFlowEntry>();
  return { clock, entries, store: memoryFlowStore({ ttlMs, now: () => clock.now, storage: entries }) };
}

describe('memoryFlowStore', () => {
  it('keeps a record until its expiry time and not at it', async () => {
    const { clock, store } = clockedStore(1_000);
    const { id, expiresAt } = await store.create({ owner: 's', snapshot });
    expect(expiresAt).toBe(1_000);
    clock.now = 999;
    expect(await store.get(id)).toBeDefined();
    clock.now = 1_000;
    expect(await store.get(id)).toBeUndefined();
  });

  it('moves the expiry with every applied replace (a flow in use does not expire)', async () => {
    const { clock, store } = clockedStore(1_000);
    const { id } = await store.create({ owner: 's', snapshot });
    clock.now = 900;
    const replaced = await store.replace(id, 1, { owner: 's', snapshot });
    expect(replaced).toMatchObject({ status: 'applied', record: { expiresAt: 1_900 } });
    clock.now = 1_800;
    expect(await store.get(id)).toMatchObject({ version: 2, expiresAt: 1_900 });
    clock.now = 1_850;
    expect(await store.replace(id, 1, { owner: 's', snapshot })).toMatchObject({ status: 'conflict', current: { expiresAt: 1_900 } });
    clock.now = 1_900;
    expect(await store.get(id)).toBeUndefined();
  });

  it('purges expired records lazily, a bounded number per call, until none is left', async () => {
    const { clock, entries, store } = clockedStore(1_000);
    for (let i = 0; i < 200; i += 1) await store.create({ owner: 's', snapshot });
    const live = await store.create({ owner: 's', snapshot });
    clock.now = 500;
    await store.replace(live.id, 1, { owner: 's', snapshot });
    clock.now = 1_000;
    await store.get('unknown');
    expect(entries.size).toBeLessThan(201);
    expect(entries.size).toBeGreaterThanOrEqual(201 - 16);
    for (let i = 0; i < 20; i += 1) await store.get('unknown');
    expect([...entries.keys()]).toEqual([live.id]);
  });

  it('shares flows between stores given one storage map, as instances in one process', async () => {
    const entries = new Map<string, MemoryFlowEntry>();
    const a = memoryFlowStore({ ttlMs: 60_000, storage: entries });
    const b = memoryFlowStore({ ttlMs: 60_000, storage: entries });
    const { id } = await a.create({ owner: 's', snapshot });
    expect(await b.replace(id, 1, { owner: 's', snapshot })).toMatchObject({ status: 'applied' });
    expect(await a.replace(id, 1, { owner: 's', snapshot })).toMatchObject({ status: 'conflict', current: { version: 2 } });
  });

  it('refuses a TTL that is not a positive whole number of milliseconds', () => {
    expect(() => memoryFlowStore({ ttlMs: 0 })).toThrow(TypeError);
    expect(() => memoryFlowStore({ ttlMs: 1.5 })).toThrow(TypeError);
    expect(() => memoryFlowStore({} as { ttlMs: number })).toThrow(TypeError);
  });
});
