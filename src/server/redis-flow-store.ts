import { createHash } from 'node:crypto';
import {
  checkFlowId,
  checkTtl,
  checkVersion,
  FlowStoreUnavailableError,
  newFlowId,
  serialiseSnapshot,
  type CreatedFlowRecord,
  type FlowRecord,
  type FlowRecordInput,
  type FlowReplaceResult,
  type FlowStore,
  type PersistedFlow,
} from './flow-store.js';

/** The options of a Lua script call in node-redis (`client.eval`, `client.evalSha`). */
export interface RedisScriptOptions {
  /** The keys the script touches (KEYS). */
  keys: string[];
  /** The script's other arguments (ARGV). */
  arguments: string[];
}

/**
 * The part of a connected node-redis client (`createClient()` of the `redis` package, version
 * 5 or 6) that {@link redisFlowStore} uses. Declared here so that `redis` stays an optional peer:
 * a client of any RESP version or type mapping fits.
 */
export interface RedisFlowStoreClient {
  /** GET: reads a flow's record. */
  get(key: string): Promise<unknown>;
  /** SET key value NX PX ttl: creates a flow's record. */
  set(key: string, value: string, options: { condition: 'NX'; expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  /** DEL: removes a flow's record. */
  del(key: string): Promise<unknown>;
  /** EVAL: runs the replace script when the server does not know it yet. */
  eval(script: string, options: RedisScriptOptions): Promise<unknown>;
  /** EVALSHA: runs the replace script by its SHA-1. */
  evalSha(sha1: string, options: RedisScriptOptions): Promise<unknown>;
}

/** Options of {@link redisFlowStore}. */
export interface RedisFlowStoreOptions {
  /** Put before every flow id to make its key; `saasus-flows:flow:` unless given. */
  prefix?: string;
  /** How long a record lives after its last write, in milliseconds (the key's PX). */
  ttlMs: number;
  /** Makes new flow ids; a 128-bit random id unless given. */
  newId?: () => string;
}

/**
 * The compare-and-set of {@link FlowStore.replace}, atomic in Redis. KEYS[1] is the flow's key;
 * ARGV[1] the expected version, ARGV[2] the new record (JSON, one version up), ARGV[3] the TTL
 * in ms. Answers 1 when applied, 0 when the key is gone, or the stored record when its version
 * differs.
 */
export const REPLACE_SCRIPT = `local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, stored = pcall(cjson.decode, current)
if not ok or type(stored) ~= 'table' then return redis.error_reply('ERR flow record is not JSON') end
if stored.version ~= tonumber(ARGV[1]) then return current end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;

const REPLACE_SHA1 = createHash('sha1').update(REPLACE_SCRIPT).digest('hex');

const CREATE_ATTEMPTS = 3;

/** Error replies that mean the server cannot serve now, not that the command is wrong. */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY|NOREPLICAS)\b/;

/** Whether `error` is an error reply of the Redis server (node-redis's `ErrorReply` and subclasses). */
function isErrorReply(error: unknown): error is Error {
  for (let proto: unknown = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === 'ErrorReply') return true;
  }
  return false;
}

/**
 * Runs one client call; a failure to reach Redis (any rejection that is not an error reply of
 * the server, or a reply saying the server cannot serve now) becomes FlowStoreUnavailableError.
 */
async function reach<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isErrorReply(error) && !UNAVAILABLE_REPLY.test(error.message)) throw error;
    throw new FlowStoreUnavailableError('The flow store (Redis) cannot be reached', { cause: error });
  }
}

/** A reply as text: node-redis answers strings, or Buffers under a type mapping. */
function text(reply: unknown): string | undefined {
  if (typeof reply === 'string') return reply;
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  return undefined;
}

function encode(record: FlowRecordInput, version: number, expiresAt: number): { json: string; stored: FlowRecord } {
  const snapshotJson = serialiseSnapshot(record);
  const json = `{"version":${version},"owner":${JSON.stringify(record.owner)},"expiresAt":${expiresAt},"snapshot":${snapshotJson}}`;
  return { json, stored: { snapshot: JSON.parse(snapshotJson) as PersistedFlow, version, owner: record.owner, expiresAt } };
}

function decode(json: string, key: string): FlowRecord {
  const value = JSON.parse(json) as Partial<FlowRecord> | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.version !== 'number' ||
    typeof value.owner !== 'string' ||
    typeof value.expiresAt !== 'number' ||
    typeof value.snapshot !== 'object' ||
    value.snapshot === null
  ) {
    throw new Error(`The value at ${key} is not a flow record`);
  }
  return { snapshot: value.snapshot, version: value.version, owner: value.owner, expiresAt: value.expiresAt };
}

/**
 * A {@link FlowStore} on Redis, for apps running several instances: one string key per flow
 * (`prefix` + id) holding the record as JSON, with a TTL of `ttlMs` renewed by every write.
 * `create` is `SET NX PX`; `replace` is a compare-and-set on the version in one Lua script
 * (`EVALSHA`, loading it with `EVAL` when the server does not know it yet), so instances never
 * overwrite each other's updates; `delete` is `DEL`. Pass a connected client of the `redis`
 * package (an optional peer dependency). A Redis that cannot be reached makes calls reject with
 * {@link FlowStoreUnavailableError}: create the client with `disableOfflineQueue: true` and a
 * `socket.connectTimeout` so calls fail at once instead of waiting for a reconnect, and listen
 * to its `error` event.
 *
 * @example
 * const client = await createClient({ url, disableOfflineQueue: true }).on('error', log).connect();
 * const store = redisFlowStore(client, { prefix: 'myapp:flow:', ttlMs: 30 * 60_000 });
 */
export function redisFlowStore(client: RedisFlowStoreClient, options: RedisFlowStoreOptions): FlowStore {
  if (typeof client !== 'object' || client === null || typeof client.evalSha !== 'function') {
    throw new TypeError('redisFlowStore needs a connected client of the redis package');
  }
  checkTtl(options?.ttlMs);
  const { ttlMs } = options;
  const prefix = options.prefix ?? 'saasus-flows:flow:';
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  const newId = options.newId ?? newFlowId;
  const keyOf = (id: string) => prefix + id;

  async function replaceScript(script: RedisScriptOptions): Promise<unknown> {
    try {
      return await reach(() => client.evalSha(REPLACE_SHA1, script));
    } catch (error) {
      if (!(isErrorReply(error) && error.message.startsWith('NOSCRIPT'))) throw error;
      return reach(() => client.eval(REPLACE_SCRIPT, script));
    }
  }

  return {
    async get(id) {
      checkFlowId(id);
      const key = keyOf(id);
      const reply = await reach(() => client.get(key));
      const json = text(reply);
      return json === undefined ? undefined : decode(json, key);
    },

    async create(record: FlowRecordInput): Promise<CreatedFlowRecord> {
      for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
        const id = newId();
        checkFlowId(id);
        const { json, stored } = encode(record, 1, Date.now() + ttlMs);
        const reply = await reach(() => client.set(keyOf(id), json, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } }));
        if (reply !== null && reply !== undefined) return { id, ...stored };
      }
      throw new Error('Could not find an unused flow id: newId keeps returning ids in use');
    },

    async replace(id, expectedVersion, record): Promise<FlowReplaceResult> {
      checkFlowId(id);
      checkVersion(expectedVersion);
      const key = keyOf(id);
      const { json, stored } = encode(record, expectedVersion + 1, Date.now() + ttlMs);
      const reply = await replaceScript({ keys: [key], arguments: [String(expectedVersion), json, String(ttlMs)] });
      const answer = text(reply);
      if (answer !== undefined && answer.startsWith('{')) return { status: 'conflict', current: decode(answer, key) };
      // An integer reply: a number, or a string or bigint under a client's type mapping.
      const code = typeof reply === 'number' || typeof reply === 'bigint' ? Number(reply) : Number(answer);
      if (code === 1) return { status: 'applied', record: stored };
      if (code === 0) return { status: 'conflict', current: undefined };
      throw new Error(`Unexpected answer of the replace script for ${key}`);
    },

    async delete(id) {
      checkFlowId(id);
      const removed = await reach(() => client.del(keyOf(id)));
      return Number(removed) > 0;
    },
  };
}
