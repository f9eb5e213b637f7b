import type { FetchLike } from './client.types.js';
import { AUTH_PATH_PREFIX } from './operations.js';
import { hmacSha256Hex, type HmacSha256Hex, type SigningCredentials } from './signing.js';

/** Backoff policy for the automatic retries of idempotent reads. */
export interface RetryOptions {
  /** Extra attempts after the first one (0–10). Default 2. */
  limit?: number;
  /** Delay cap of the first retry, ms; doubled per retry. Default 200. */
  baseDelay?: number;
  /** Upper bound of any delay, ms. Default 2000. */
  maxDelay?: number;
  /** Uniform randomness in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
  /** Waits `ms`, rejecting when `signal` aborts. Default: a `setTimeout`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Options of {@link createSaasUserApi}. */
export interface SaasUserApiOptions {
  /** Scheme + host (+ optional path prefix) of the API; `/v1/auth` is appended. Default `https://api.saasus.io`. */
  baseURL?: string;
  /** SaaS ID, sent in the `Authorization` header (not signed). */
  saasId?: string;
  /** API key, part of the signed text and of the header. */
  apiKey?: string;
  /** Secret key the HMAC is keyed with; never sent, never in an error. */
  secretKey?: string;
  /**
   * `false` builds an unsigned client (no `Authorization` header), e.g. for an app's own
   * back-end proxy that signs on the server. Credentials must then be left out. Default `true`.
   */
  sign?: boolean;
  /** Any fetch-compatible function, e.g. the emulator's in-process handler. Default: global `fetch`. */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms; `0` disables it. Default 30 000. */
  timeout?: number;
  /** Retries of GET operations on network errors and 500/502/503/504. `false` or `0` disables. */
  retry?: number | false | RetryOptions;
  /** Largest answer accepted, in bytes; a larger one is refused unread (`response_too_large`). Default 1 MiB. */
  maxResponseBytes?: number;
  /** Sent as `Referer` on every call (not signed). */
  referer?: string;
  /** Sent as `X-SaaSus-Referer` on every call (not signed). */
  xSaasusReferer?: string;
  /** Extra headers on every call (not signed). */
  headers?: Record<string, string>;
  /** Clock used for the signature time. Default `() => new Date()`. */
  now?: () => Date;
  /** HMAC-SHA256 implementation. Default: `node:crypto` where available, else `@noble/hashes`. */
  hmac?: HmacSha256Hex;
}

/** Environment variables read by {@link saasUserApiOptionsFromEnv}. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Validated, precomputed settings of one client. */
export interface ClientConfig {
  /** Absolute URL of `/v1/auth`, no trailing slash. */
  readonly authUrl: string;
  /** `host[:port]/…/v1/auth`: the signed URL part before the operation path. */
  readonly signedPrefix: string;
  readonly credentials: SigningCredentials | undefined;
  readonly fetch: FetchLike | undefined;
  readonly timeout: number;
  readonly retry: Required<RetryOptions>;
  readonly maxResponseBytes: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly now: () => Date;
  readonly hmac: HmacSha256Hex;
}

/** The default API origin, as in the official SDKs. */
export const DEFAULT_BASE_URL = 'https://api.saasus.io';

const KNOWN_OPTIONS = new Set([
  'baseURL', 'saasId', 'apiKey', 'secretKey', 'sign', 'fetch', 'timeout', 'retry', 'maxResponseBytes',
  'referer', 'xSaasusReferer', 'headers', 'now', 'hmac',
]);
const KNOWN_RETRY = new Set(['limit', 'baseDelay', 'maxDelay', 'random', 'sleep']);
const CREDENTIAL_ENV = { saasId: 'SAASUS_SAAS_ID', apiKey: 'SAASUS_API_KEY', secretKey: 'SAASUS_SECRET_KEY' } as const;
/** Headers the client owns; callers cannot override them. */
export const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-length', 'host']);

const fail = (what: string): never => {
  throw new TypeError(`createSaasUserApi: ${what}`);
};

/** Sleeps `ms`, rejecting with the signal's reason when it aborts. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function checkMs(value: unknown, name: string, max = 2_147_483_647): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    fail(`${name} must be a number of milliseconds between 0 and ${max}, got ${String(value)}.`);
  }
  return value as number;
}

/**
 * Checks extra headers: string values, and none of the headers the client sets itself.
 * @throws TypeError naming the offending header.
 */
export function checkHeaders(headers: unknown, where: string): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new TypeError(`${where}: headers must be a plain object of strings.`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw new TypeError(`${where}: header "${name}" must be a string.`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new TypeError(`${where}: header "${name}" is set by the client and cannot be overridden.`);
    }
  }
  return headers as Record<string, string>;
}

function resolveBaseUrl(raw: unknown): { authUrl: string; signedPrefix: string } {
  let url: URL | undefined;
  try {
    url = typeof raw === 'string' ? new URL(raw) : undefined;
  } catch {
    url = undefined;
  }
  if (!url) return fail(`baseURL must be an absolute http(s) URL such as "${DEFAULT_BASE_URL}", got ${JSON.stringify(raw)}.`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`baseURL must use http: or https:, got "${url.protocol}".`);
  if (url.username || url.password) fail('baseURL must not contain credentials; pass saasId/apiKey/secretKey.');
  if (url.search || url.hash) fail('baseURL must not have a query or fragment.');
  const prefix = url.pathname.replace(/\/+$/, '');
  if (prefix.endsWith(AUTH_PATH_PREFIX)) {
    fail(`baseURL is scheme + host only ("${url.origin}"); "${AUTH_PATH_PREFIX}" is appended by the client.`);
  }
  return { authUrl: `${url.origin}${prefix}${AUTH_PATH_PREFIX}`, signedPrefix: `${url.host}${prefix}${AUTH_PATH_PREFIX}` };
}

function resolveRetry(raw: unknown): Required<RetryOptions> {
  const defaults: Required<RetryOptions> = { limit: 2, baseDelay: 200, maxDelay: 2000, random: Math.random, sleep: defaultSleep };
  if (raw === undefined) return defaults;
  if (raw === false) return { ...defaults, limit: 0 };
  if (typeof raw === 'number') return { ...defaults, limit: checkLimit(raw) };
  if (typeof raw !== 'object' || raw === null) return fail('retry must be false, a count, or { limit, baseDelay, maxDelay, random, sleep }.');
  const o = raw as RetryOptions;
  for (const key of Object.keys(o)) if (!KNOWN_RETRY.has(key)) fail(`unknown retry option "${key}" (known: ${[...KNOWN_RETRY].join(', ')}).`);
  if (o.random !== undefined && typeof o.random !== 'function') fail('retry.random must be a function returning [0, 1).');
  if (o.sleep !== undefined && typeof o.sleep !== 'function') fail('retry.sleep must be a function (ms, signal) => Promise<void>.');
  return {
    limit: o.limit === undefined ? defaults.limit : checkLimit(o.limit),
    baseDelay: o.baseDelay === undefined ? defaults.baseDelay : checkMs(o.baseDelay, 'retry.baseDelay'),
    maxDelay: o.maxDelay === undefined ? defaults.maxDelay : checkMs(o.maxDelay, 'retry.maxDelay'),
    random: o.random ?? defaults.random,
    sleep: o.sleep ?? defaults.sleep,
  };
}

function checkLimit(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 10) fail(`retry limit must be an integer from 0 to 10, got ${String(n)}.`);
  return n as number;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') fail(`${name} must be a string.`);
  return value as string | undefined;
}

function optionalFunction<T>(value: unknown, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function.`);
  return value as T | undefined;
}

function resolveCredentials(o: SaasUserApiOptions, fromEnv: boolean): SigningCredentials | undefined {
  const keys = ['saasId', 'apiKey', 'secretKey'] as const;
  for (const key of keys) optionalString(o[key], key);
  if (o.sign !== undefined && typeof o.sign !== 'boolean') fail('sign must be a boolean.');
  if (o.sign === false) {
    const given = keys.filter((key) => o[key] !== undefined);
    if (given.length > 0) fail(`sign: false builds an unsigned client; remove ${given.join(', ')} or drop sign: false.`);
    return undefined;
  }
  const missing = keys.filter((key) => !o[key]);
  if (missing.length > 0) {
    const names = missing.map((key) => (fromEnv ? `${key} (${CREDENTIAL_ENV[key]})` : key)).join(', ');
    fail(`missing ${names}. Pass them, or sign: false for an unsigned client (e.g. behind your back-end proxy).`);
  }
  return { saasId: o.saasId as string, apiKey: o.apiKey as string, secretKey: o.secretKey as string };
}

/**
 * Validates options and precomputes what every call needs.
 * @throws TypeError saying which option to fix.
 */
export function resolveConfig(options: SaasUserApiOptions, fromEnv = false): ClientConfig {
  if (typeof options !== 'object' || options === null) fail('pass an options object.');
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) fail(`unknown option "${key}" (known: ${[...KNOWN_OPTIONS].join(', ')}).`);
  }
  const { authUrl, signedPrefix } = resolveBaseUrl(options.baseURL ?? DEFAULT_BASE_URL);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(checkHeaders(options.headers, 'createSaasUserApi'))) headers[name.toLowerCase()] = value;
  const referer = optionalString(options.referer, 'referer');
  const xSaasusReferer = optionalString(options.xSaasusReferer, 'xSaasusReferer');
  if (referer) headers['referer'] = referer;
  if (xSaasusReferer) headers['x-saasus-referer'] = xSaasusReferer;
  return {
    authUrl,
    signedPrefix,
    credentials: resolveCredentials(options, fromEnv),
    fetch: optionalFunction<FetchLike>(options.fetch, 'fetch'),
    timeout: options.timeout === undefined ? 30_000 : checkMs(options.timeout, 'timeout'),
    retry: resolveRetry(options.retry),
    maxResponseBytes: resolveMaxResponseBytes(options.maxResponseBytes),
    headers,
    now: optionalFunction<() => Date>(options.now, 'now') ?? (() => new Date()),
    hmac: optionalFunction<HmacSha256Hex>(options.hmac, 'hmac') ?? hmacSha256Hex,
  };
}

/** Default of `maxResponseBytes`: SaaSus answers of the 21 operations are a few KiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

function resolveMaxResponseBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  return fail(`maxResponseBytes must be a positive whole number of bytes, got ${String(value)}.`);
}

/**
 * Options from the environment variables the official SDKs read: `SAASUS_SAAS_ID`,
 * `SAASUS_API_KEY`, `SAASUS_SECRET_KEY` and `SAASUS_API_URL_BASE` (scheme + host).
 * Pass `env` explicitly where there is no `process.env` (e.g. a Cloudflare Worker's `env`).
 * @example createSaasUserApi(saasUserApiOptionsFromEnv(process.env))
 */
export function saasUserApiOptionsFromEnv(env?: EnvSource): SaasUserApiOptions {
  const source = env ?? (globalThis as { process?: { env?: EnvSource } }).process?.env;
  if (!source) throw new TypeError('createSaasUserApi.fromEnv: no process.env here; pass the environment object as `env`.');
  const options: SaasUserApiOptions = {};
  for (const [key, name] of Object.entries(CREDENTIAL_ENV) as [keyof typeof CREDENTIAL_ENV, string][]) {
    const value = source[name];
    if (value) options[key] = value;
  }
  if (source['SAASUS_API_URL_BASE']) options.baseURL = source['SAASUS_API_URL_BASE'];
  return options;
}
