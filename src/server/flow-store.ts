import type { Snapshot } from 'xstate';

/**
 * A flow's saved state: what `persistFlow` returns, a JSON-serialisable persisted snapshot.
 * It never holds a password, code, access token or TOTP secret.
 */
export type PersistedFlow = Snapshot<unknown>;

/** What a caller gives a store to save: the persisted snapshot and who the flow belongs to. */
export interface FlowRecordInput {
  /** `persistFlow(actor)` of the flow's actor. */
  snapshot: PersistedFlow;
  /** The subject (the app's session id) that created the flow; only it may continue the flow. */
  owner: string;
}

/** A saved flow as a store returns it. */
export interface FlowRecord {
  /** The persisted snapshot, as saved. */
  snapshot: PersistedFlow;
  /** Starts at 1 and grows by one with every applied {@link FlowStore.replace}. */
  version: number;
  /** The subject the flow belongs to. */
  owner: string;
  /** When the record expires (epoch ms); every applied write moves it to the write time plus the store's TTL. */
  expiresAt: number;
}

/** A record just created, with the id the store gave it. */
export interface CreatedFlowRecord extends FlowRecord {
  /** The flow's id: 128 random bits, base64url. */
  id: string;
}

/**
 * What {@link FlowStore.replace} did: `applied` (the record now holds the new snapshot, one
 * version up) or `conflict` (the stored version was not the expected one; `current` is what is
 * stored now, or `undefined` when the flow is gone: expired, deleted or never created).
 */
export type FlowReplaceResult =
  | { status: 'applied'; record: FlowRecord }
  | { status: 'conflict'; current: FlowRecord | undefined };

/**
 * Where server-driven flows keep their snapshots between requests, shared by every instance of
 * the app. Records expire a fixed time after their last write. Failures to reach the storage
 * reject with {@link FlowStoreUnavailableError}; everything else is a result.
 */
export interface FlowStore {
  /** The record of `id`, or `undefined` when there is none (or it has expired). */
  get(id: string): Promise<FlowRecord | undefined>;
  /** Saves a new flow at version 1 under a fresh random id. */
  create(record: FlowRecordInput): Promise<CreatedFlowRecord>;
  /**
   * Saves `record` as version `expectedVersion + 1` if, and only if, the stored version is
   * `expectedVersion` (compare-and-set): of several replaces of one version, exactly one applies.
   */
  replace(id: string, expectedVersion: number, record: FlowRecordInput): Promise<FlowReplaceResult>;
  /** Removes the flow; `true` if it was there. */
  delete(id: string): Promise<boolean>;
}

/**
 * The store's storage cannot be reached (connection refused or lost, timed out, not ready). The
 * flow is unchanged; the same call may succeed once the storage is back. Endpoints answer 503
 * with the `code` `store_unavailable`.
 */
export class FlowStoreUnavailableError extends Error {
  /** Always `store_unavailable`. */
  readonly code = 'store_unavailable';
  override readonly name = 'FlowStoreUnavailableError';

  constructor(message = 'The flow store cannot be reached', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Whether `error` is a {@link FlowStoreUnavailableError} (also across copies of this module). */
export function isFlowStoreUnavailableError(error: unknown): error is FlowStoreUnavailableError {
  return error instanceof FlowStoreUnavailableError || (error instanceof Error && (error as { code?: unknown }).code === 'store_unavailable');
}

/** A fresh flow id: 128 random bits from the Web Crypto API, base64url without padding. */
export function newFlowId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Buffer.from(bytes).toString('base64url');
}

/** Throws a TypeError unless `id` is a non-empty string without control characters. */
export function checkFlowId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200 || /[\u0000-\u001f\u007f]/.test(id)) {
    throw new TypeError('A flow id must be a non-empty string of at most 200 printable characters');
  }
}

/** Throws a TypeError unless `version` is a positive safe integer. */
export function checkVersion(version: unknown): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new TypeError('A flow version must be a positive whole number');
  }
}

/** Throws a TypeError unless `ttlMs` is a positive whole number of milliseconds. */
export function checkTtl(ttlMs: unknown): asserts ttlMs is number {
  if (typeof ttlMs !== 'number' || !Number.isSafeInteger(ttlMs) || ttlMs < 1) {
    throw new TypeError('ttlMs must be a positive whole number of milliseconds');
  }
}

/**
 * The JSON text of a record's snapshot, checking the input: an owner string and a
 * JSON-serialisable snapshot object. Throws a TypeError otherwise.
 */
export function serialiseSnapshot(record: FlowRecordInput): string {
  if (typeof record !== 'object' || record === null) throw new TypeError('A flow record must be an object with snapshot and owner');
  if (typeof record.owner !== 'string' || record.owner.length === 0) throw new TypeError('A flow record needs its owner: a non-empty string');
  if (typeof record.snapshot !== 'object' || record.snapshot === null || Array.isArray(record.snapshot)) {
    throw new TypeError('A flow record needs its snapshot: the object persistFlow returns');
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(record.snapshot);
  } catch {
    throw new TypeError('A flow snapshot must be JSON-serialisable (use persistFlow)');
  }
  if (json === undefined) throw new TypeError('A flow snapshot must be JSON-serialisable (use persistFlow)');
  return json;
}
