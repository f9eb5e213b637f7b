/**
 * SAASUSSIGV1 request signing: HMAC-SHA256 keyed with the secret key over time (yyyyMMddHHmm, UTC) + API key +
 * method + host/path/query + body; pure functions, time passed in.
 *
 *   message = yyyyMMddHHmm(UTC) + apiKey + METHOD + host[:port]/path[?query] + body
 *   sig     = lowercase hex HMAC-SHA256(key = secretKey, data = message)
 */

/** Credentials a SaaS back end signs with. */
export interface SigningCredentials {
  saasId: string;
  apiKey: string;
  secretKey: string;
}

/** One request to sign. `url` is absolute; `body` is the exact string sent ('' when none). */
export interface SignInput {
  method: string;
  url: string | URL;
  body?: string | Uint8Array;
  date?: Date;
}

/** HMAC-SHA256 as lowercase hex; synchronous where the runtime allows it. */
export type HmacSha256Hex = (key: string, message: string | Uint8Array) => string | Promise<string>;

const encoder = new TextEncoder();

/** `yyyyMMddHHmm` in UTC: the minute-resolution time of the signed text. */
export function formatSignatureTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}`;
}

/** `host[:port]/path[?query]` of an absolute URL, as every SDK signs it (no scheme, no fragment). */
export function signedUrlPart(url: string | URL): string {
  // Stryker disable next-line ConditionalExpression: new URL(url) of a URL is an equal copy
  const u = typeof url === 'string' ? new URL(url) : url;
  return `${u.host}${u.pathname}${u.search}`;
}

/** The exact bytes of the signed text. */
export function signatureMessage(
  time: string,
  apiKey: string,
  method: string,
  urlPart: string,
  body: string | Uint8Array = '',
): Uint8Array {
  const head = encoder.encode(time + apiKey + method.toUpperCase() + urlPart);
  const tail = typeof body === 'string' ? encoder.encode(body) : body;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/** The `Authorization` header value for a computed signature. */
export function formatAuthorizationHeader(signature: string, saasId: string, apiKey: string): string {
  return `SAASUSSIGV1 Sig=${signature}, SaaSID=${saasId}, APIKey=${apiKey}`;
}

/** Parsed `Authorization: SAASUSSIGV1 …` header, or `undefined` when it is not one. */
export function parseAuthorizationHeader(
  header: string | null | undefined,
): { signature: string; saasId: string; apiKey: string } | undefined {
  if (!header) return undefined;
  const m = /^SAASUSSIGV1 Sig=([0-9a-f]{64}), SaaSID=([^,]+), APIKey=(.+)$/.exec(header.trim());
  if (!m) return undefined;
  return { signature: m[1] as string, saasId: m[2] as string, apiKey: m[3] as string };
}

type NodeCrypto = typeof import('node:crypto');

/** `node:crypto` through `process.getBuiltinModule`, or `undefined` on runtimes without it. */
export function nodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  let crypto: NodeCrypto | undefined;
  try {
    crypto = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  } catch {
    // A runtime that refuses to hand it out has none for us.
  }
  return crypto;
}

let nobleHmac: Promise<HmacSha256Hex> | undefined;

function loadNoble(): Promise<HmacSha256Hex> {
  nobleHmac ??= Promise.all([import('@noble/hashes/hmac.js'), import('@noble/hashes/sha2.js'), import('@noble/hashes/utils.js')]).then(
    ([{ hmac }, { sha256 }, { bytesToHex }]) =>
      (key, message) =>
        bytesToHex(hmac(sha256, encoder.encode(key), typeof message === 'string' ? encoder.encode(message) : message)),
  );
  return nobleHmac;
}

/**
 * The fastest HMAC-SHA256 of this runtime: `node:crypto` (Node, Bun, Deno) through
 * `process.getBuiltinModule`, synchronous and ~4 µs; elsewhere (workers, browsers) the
 * pure-JS `@noble/hashes`, loaded on first use.
 */
export const hmacSha256Hex: HmacSha256Hex = (() => {
  const crypto = nodeCrypto();
  if (crypto) {
    return (key: string, message: string | Uint8Array) => crypto.createHmac('sha256', key).update(message).digest('hex');
  }
  return async (key: string, message: string | Uint8Array) => (await loadNoble())(key, message);
})();

/** The pure-JS HMAC, for runtimes without `node:crypto` and for cross-checking in tests. */
export async function hmacSha256HexPortable(key: string, message: string | Uint8Array): Promise<string> {
  return (await loadNoble())(key, message);
}

/**
 * Computes the SAASUSSIGV1 signature (64 lowercase hex chars) of one request.
 * @example await computeSignature(creds, { method: 'POST', url: 'https://api.saasus.io/v1/auth/sign-up', body: '{"email":"a@example.com"}' })
 */
export async function computeSignature(
  credentials: Pick<SigningCredentials, 'apiKey' | 'secretKey'>,
  input: SignInput,
  hmac: HmacSha256Hex = hmacSha256Hex,
): Promise<string> {
  const message = signatureMessage(
    formatSignatureTime(input.date ?? new Date()),
    credentials.apiKey,
    input.method,
    signedUrlPart(input.url),
    input.body ?? '',
  );
  return hmac(credentials.secretKey, message);
}

/** The full `Authorization` header value for one request. */
export async function signRequest(credentials: SigningCredentials, input: SignInput, hmac?: HmacSha256Hex): Promise<string> {
  const signature = await computeSignature(credentials, input, hmac);
  return formatAuthorizationHeader(signature, credentials.saasId, credentials.apiKey);
}

/**
 * Constant-time comparison of two strings (hex signatures, codes): every UTF-16 unit of the longer
 * one is compared, whatever differs first.
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  // Stryker disable next-line MethodExpression: when the lengths differ, diff is already non-zero from the length check
  const n = Math.max(a.length, b.length);
  // Stryker disable next-line EqualityOperator: one more step compares NaN | 0 with NaN | 0, adding nothing
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
