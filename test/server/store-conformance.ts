import { beforeAll, describe, expect, it } from 'vitest';
import { isFlowStoreUnavailableError, type FlowRecordInput, type FlowStore, type PersistedFlow } from '../../src/server/index.js';
import { flowSnapshots, runSecrets, type FlowSnapshots } from './flow-records.js';

/** What the conformance suite needs from one kind of store. */
export interface StoreTarget {
  /**
   * `count` stores over ONE shared storage, as separate instances would have (separate Redis
   * connections), writing records that live `ttlMs`.
   */
  stores(count: number, options: { ttlMs: number; newId?: () => string }): Promise<FlowStore[]>;
  /** The TTL of the expiry test: short for Redis (real time), anything for an injected clock. */
  shortTtlMs: number;
  /**
   * Returns once a record of `id` written with `shortTtlMs` has expired: moves the injected clock
   * past it, or polls the storage until the key is gone (never asserting how long that took).
   */
  awaitExpiry(id: string): Promise<void>;
  /** Every key and value in the WHOLE backing storage, as text. */
  storedBytes(): Promise<string[]>;
}

/** The secrets among `secrets` that occur anywhere in `bytes`. */
export function secretsIn(bytes: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((secret) => bytes.some((text) => text.includes(secret)));
}

const LONG_TTL = 10 * 60_000;

function snapshotAt(step: number): PersistedFlow {
  return {
    status: 'active',
    value: { enteringCode: { resend: 'coolingDown', feedback: 'idle' } },
    historyValue: {},
    context: { email: `user${step}@example.com`, codeTtlMs: 86_400_000, resendCooldownMs: 60_000, resendQueued: false, sentAt: 1_700_000_000_000 + step },
    children: {},
  } as unknown as PersistedFlow;
}

const record = (owner: string, step = 0): FlowRecordInput => ({ owner, snapshot: snapshotAt(step) });

/**
 * The behaviour every FlowStore must have, run against `target`: create/get/replace/delete,
 * conflicts, expiry, ownership, concurrent compare-and-set, input checks, and a search of the
 * whole storage for the secrets real flows were given in this run.
 */
export function describeFlowStoreConformance(name: string, target: StoreTarget): void {
  describe(`${name} (FlowStore conformance)`, () => {
    let store: FlowStore;
    beforeAll(async () => {
      [store] = (await target.stores(1, { ttlMs: LONG_TTL })) as [FlowStore];
    });

    it('creates a record at version 1 under a fresh random id and returns it from get', async () => {
      const created = await store.create(record('subject-a', 1));
      expect(created.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(created).toMatchObject({ version: 1, owner: 'subject-a', snapshot: snapshotAt(1) });
      expect(created.expiresAt).toBeGreaterThan(0);
      expect(await store.get(created.id)).toEqual({ version: 1, owner: 'subject-a', snapshot: snapshotAt(1), expiresAt: created.expiresAt });
    });

    it('gives every created flow its own id', async () => {
      const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => store.create(record('subject-a', i)).then((r) => r.id)));
      expect(new Set(ids).size).toBe(40);
    });

    it('answers undefined for an id it never stored', async () => {
      expect(await store.get('no-such-flow')).toBeUndefined();
    });

    it('applies a replace of the stored version, one version up, and get shows it', async () => {
      const { id } = await store.create(record('subject-a', 1));
      const result = await store.replace(id, 1, record('subject-a', 2));
      expect(result).toMatchObject({ status: 'applied', record: { version: 2, owner: 'subject-a', snapshot: snapshotAt(2) } });
      expect(await store.get(id)).toMatchObject({ version: 2, snapshot: snapshotAt(2) });
      expect(await store.replace(id, 2, record('subject-a', 3))).toMatchObject({ status: 'applied', record: { version: 3 } });
    });

    it('refuses a replace of a stale version as a conflict carrying the current record, changing nothing', async () => {
      const { id } = await store.create(record('subject-a', 1));
      await store.replace(id, 1, record('subject-a', 2));
      const stale = await store.replace(id, 1, record('subject-a', 99));
      expect(stale).toEqual({ status: 'conflict', current: expect.objectContaining({ version: 2, snapshot: snapshotAt(2) }) });
      const ahead = await store.replace(id, 5, record('subject-a', 99));
      expect(ahead).toMatchObject({ status: 'conflict', current: { version: 2 } });
      expect(await store.get(id)).toMatchObject({ version: 2, snapshot: snapshotAt(2) });
    });

    it('answers a replace of an unknown id with a conflict without a current record, creating nothing', async () => {
      expect(await store.replace('no-such-flow', 1, record('subject-a'))).toEqual({ status: 'conflict', current: undefined });
      expect(await store.get('no-such-flow')).toBeUndefined();
    });

    it('deletes a record: get answers undefined, a replace conflicts, a second delete answers false', async () => {
      const { id } = await store.create(record('subject-a'));
      expect(await store.delete(id)).toBe(true);
      expect(await store.get(id)).toBeUndefined();
      expect(await store.replace(id, 1, record('subject-a'))).toEqual({ status: 'conflict', current: undefined });
      expect(await store.delete(id)).toBe(false);
    });

    it('records the owner of each flow and returns it with every read', async () => {
      const mine = await store.create(record('subject-a'));
      const theirs = await store.create(record('subject-b'));
      expect((await store.get(mine.id))?.owner).toBe('subject-a');
      expect((await store.get(theirs.id))?.owner).toBe('subject-b');
      const replaced = await store.replace(theirs.id, 1, record('subject-b', 2));
      expect(replaced.status === 'applied' && replaced.record.owner).toBe('subject-b');
      const conflict = await store.replace(theirs.id, 1, record('subject-a', 3));
      expect(conflict.status === 'conflict' && conflict.current?.owner).toBe('subject-b');
    });

    it('returns a copy: changing a returned snapshot changes nothing stored', async () => {
      const { id } = await store.create(record('subject-a', 1));
      const read = await store.get(id);
      (read?.snapshot as unknown as { context: { email: string } }).context.email = 'changed@example.com';
      expect(await store.get(id)).toMatchObject({ snapshot: snapshotAt(1) });
    });

    it('expires a record after its TTL: get answers undefined and a replace conflicts', async () => {
      const [short, long] = (await target.stores(2, { ttlMs: target.shortTtlMs })) as [FlowStore, FlowStore];
      const expiring = await short.create(record('subject-a', 1));
      const keeping = await store.create(record('subject-a', 2));
      expect(expiring.expiresAt - target.shortTtlMs).toBeLessThanOrEqual(keeping.expiresAt - LONG_TTL);
      await target.awaitExpiry(expiring.id);
      expect(await short.get(expiring.id)).toBeUndefined();
      expect(await long.get(expiring.id)).toBeUndefined();
      expect(await short.replace(expiring.id, 1, record('subject-a', 3))).toEqual({ status: 'conflict', current: undefined });
      expect(await store.get(keeping.id)).toMatchObject({ version: 1, snapshot: snapshotAt(2) });
    });

    it('applies exactly one of several replaces of one version sent at once from separate stores', async () => {
      const stores = await target.stores(4, { ttlMs: LONG_TTL });
      const { id } = await store.create(record('subject-a', 0));
      for (let version = 1; version <= 15; version += 1) {
        const results = await Promise.all(stores.map((s, i) => s.replace(id, version, record('subject-a', version * 10 + i))));
        const applied = results.filter((r) => r.status === 'applied');
        expect(applied).toHaveLength(1);
        const winner = applied[0]?.status === 'applied' ? applied[0].record : undefined;
        for (const result of results) {
          if (result.status === 'conflict') expect(result.current).toEqual(winner);
        }
        expect(await store.get(id)).toEqual(winner);
      }
      expect(await store.get(id)).toMatchObject({ version: 16 });
    });

    it('never overwrites an existing flow on create, even when the id generator repeats itself', async () => {
      const [repeating] = (await target.stores(1, { ttlMs: LONG_TTL, newId: () => 'the-same-id' })) as [FlowStore];
      await repeating.delete('the-same-id');
      const first = await repeating.create(record('subject-a', 1));
      expect(first.id).toBe('the-same-id');
      await expect(repeating.create(record('subject-b', 2))).rejects.toThrow(/unused flow id/);
      expect(await repeating.get('the-same-id')).toMatchObject({ owner: 'subject-a', version: 1, snapshot: snapshotAt(1) });
      await repeating.delete('the-same-id');
    });

    it('rejects bad input with a TypeError and stores nothing', async () => {
      const before = (await target.storedBytes()).length;
      await expect(store.get('')).rejects.toThrow(TypeError);
      await expect(store.replace('x', 0, record('subject-a'))).rejects.toThrow(TypeError);
      await expect(store.replace('x', 1.5, record('subject-a'))).rejects.toThrow(TypeError);
      await expect(store.create({ owner: '', snapshot: snapshotAt(1) })).rejects.toThrow(TypeError);
      await expect(store.create({ owner: 'subject-a', snapshot: { status: 'active', big: 1n } as unknown as PersistedFlow })).rejects.toThrow(
        TypeError,
      );
      await expect(store.create({ owner: 'subject-a', snapshot: null as unknown as PersistedFlow })).rejects.toThrow(TypeError);
      expect((await target.storedBytes()).length).toBe(before);
    });

    it('does not report bad input as the store being unavailable', async () => {
      const error = await store.get('').catch((e: unknown) => e);
      expect(isFlowStoreUnavailableError(error)).toBe(false);
    });

    describe('the stored bytes', () => {
      let flows: FlowSnapshots;
      const secrets = runSecrets();
      const secretList = Object.values(secrets);

      beforeAll(async () => {
        flows = await flowSnapshots(secrets);
      });

      it('hold none of the passwords, codes, tokens or TOTP secrets the flows were given', async () => {
        for (const [i, snapshot] of flows.persisted.entries()) {
          const { id } = await store.create({ owner: `session-${i}`, snapshot: flows.persisted[0] as PersistedFlow });
          const replaced = await store.replace(id, 1, { owner: `session-${i}`, snapshot });
          expect(replaced.status).toBe('applied');
        }
        const bytes = await target.storedBytes();
        // The search reads what the flows stored: their addresses are there.
        expect(secretsIn(bytes, ['ann@example.com', 'new@example.com'])).toEqual(['ann@example.com', 'new@example.com']);
        expect(secretsIn(bytes, secretList)).toEqual([]);
      });

      it('finds a planted secret: a raw snapshot with the passwords in flight', async () => {
        expect(secretsIn([JSON.stringify(flows.rawWithPasswords)], secretList)).toEqual([secrets.temporaryPassword, secrets.newPassword]);
        const planted = await store.create({ owner: 'session-planted', snapshot: flows.rawWithPasswords });
        try {
          expect(secretsIn(await target.storedBytes(), secretList)).toEqual([secrets.temporaryPassword, secrets.newPassword]);
        } finally {
          await store.delete(planted.id);
        }
        expect(secretsIn(await target.storedBytes(), secretList)).toEqual([]);
      });
    });
  });
}
