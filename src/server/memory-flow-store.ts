import {
  checkFlowId,
  checkTtl,
  checkVersion,
  newFlowId,
  serialiseSnapshot,
  type CreatedFlowRecord,
  type FlowRecord,
  type FlowRecordInput,
  type FlowReplaceResult,
  type FlowStore,
  type PersistedFlow,
} from './flow-store.js';

/** One record as the memory store keeps it: the snapshot as JSON text, as it would be on the wire. */
export interface MemoryFlowEntry {
  /** The persisted snapshot as JSON text. */
  snapshotJson: string;
  /** The record's version (1 when created). */
  version: number;
  /** The subject the flow belongs to. */
  owner: string;
  /** When the record expires (epoch ms, by the store's `now`). */
  expiresAt: number;
}

/** Options of {@link memoryFlowStore}. */
export interface MemoryFlowStoreOptions {
  /** How long a record lives after its last write, in milliseconds. */
  ttlMs: number;
  /** The clock (epoch ms); `Date.now` unless given. */
  now?: () => number;
  /**
   * The map holding the records, keyed by flow id. Pass one map to several stores to share
   * flows between endpoint instances in one process, or to inspect what is stored.
   */
  storage?: Map<string, MemoryFlowEntry>;
  /** Makes new flow ids; a 128-bit random id unless given. */
  newId?: () => string;
}

/** How many records one call looks at, at most, when purging expired ones. */
const PURGE_BATCH = 16;
/** How many fresh ids `create` tries before giving up (ids are random: a clash means a broken `newId`). */
const CREATE_ATTEMPTS = 3;

function toRecord(entry: MemoryFlowEntry): FlowRecord {
  return {
    snapshot: JSON.parse(entry.snapshotJson) as PersistedFlow,
    version: entry.version,
    owner: entry.owner,
    expiresAt: entry.expiresAt,
  };
}

/**
 * A {@link FlowStore} in this process's memory: the default when the app runs as one instance.
 * Records expire `ttlMs` after their last write (absolute times from `now`, so no timer is
 * involved); expired records are purged lazily, a bounded number per call. Snapshots are kept
 * as JSON text, so a caller can neither change a stored record nor store something JSON cannot
 * carry.
 *
 * @example
 * const store = memoryFlowStore({ ttlMs: 30 * 60_000 });
 * const { id, version } = await store.create({ owner: sessionId, snapshot: persistFlow(actor) });
 */
export function memoryFlowStore(options: MemoryFlowStoreOptions): FlowStore {
  checkTtl(options?.ttlMs);
  const { ttlMs } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? newFlowId;
  const entries = options.storage ?? new Map<string, MemoryFlowEntry>();

  /**
   * Every write re-inserts its entry, so the map is in write order and, with one TTL and a clock
   * that does not go back, in expiry order: the expired records are at the front.
   */
  function purge(time: number): void {
    let looked = 0;
    for (const [id, entry] of entries) {
      if (looked++ >= PURGE_BATCH || entry.expiresAt > time) break;
      entries.delete(id);
    }
  }

  /** The live entry of `id`, dropping it when it has expired. */
  function live(id: string, time: number): MemoryFlowEntry | undefined {
    const entry = entries.get(id);
    if (entry && entry.expiresAt <= time) {
      entries.delete(id);
      return undefined;
    }
    return entry;
  }

  function write(id: string, entry: MemoryFlowEntry): void {
    entries.delete(id);
    entries.set(id, entry);
  }

  return {
    async get(id) {
      checkFlowId(id);
      const time = now();
      purge(time);
      const entry = live(id, time);
      return entry && toRecord(entry);
    },

    async create(record: FlowRecordInput): Promise<CreatedFlowRecord> {
      const snapshotJson = serialiseSnapshot(record);
      const time = now();
      purge(time);
      for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
        const id = newId();
        checkFlowId(id);
        if (live(id, time)) continue;
        const entry: MemoryFlowEntry = { snapshotJson, version: 1, owner: record.owner, expiresAt: time + ttlMs };
        write(id, entry);
        return { id, ...toRecord(entry) };
      }
      throw new Error('Could not find an unused flow id: newId keeps returning ids in use');
    },

    async replace(id, expectedVersion, record): Promise<FlowReplaceResult> {
      checkFlowId(id);
      checkVersion(expectedVersion);
      const snapshotJson = serialiseSnapshot(record);
      const time = now();
      purge(time);
      const current = live(id, time);
      if (!current || current.version !== expectedVersion) return { status: 'conflict', current: current && toRecord(current) };
      const entry: MemoryFlowEntry = { snapshotJson, version: expectedVersion + 1, owner: record.owner, expiresAt: time + ttlMs };
      write(id, entry);
      return { status: 'applied', record: toRecord(entry) };
    },

    async delete(id) {
      checkFlowId(id);
      const time = now();
      purge(time);
      const existed = live(id, time) !== undefined;
      entries.delete(id);
      return existed;
    },
  };
}
