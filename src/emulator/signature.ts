import { formatSignatureTime, hmacSha256Hex, nodeCrypto, parseAuthorizationHeader, signatureMessage, timingSafeEqualString } from '../api/signing.js';
import type { EmulatorCredentials } from './types.js';

/** What a signature is checked over: the request as it arrived. */
export interface SignedRequest {
  method: string;
  /** `Host` header value (host[:port]). */
  host: string;
  /** Raw request target: path plus `?query` when present, exactly as received. */
  target: string;
  authorization: string | null;
  body: Uint8Array;
}

/** Why a signature was refused (the message of the 401 `permission_denied`). */
export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/** `host` and, when it carries a port, the port-less host the Java SDK signs (it drops the port from the Host it signs). */
function hostCandidates(host: string): string[] {
  const m = /^(.*):\d+$/.exec(host);
  return m?.[1] && !m[1].endsWith(':') ? [host, m[1]] : [host];
}

/** `yyyyMMddHHmm` texts by minute since the epoch: a request mostly asks for the same few minutes. */
const timeTexts = new Map<number, string>();

function timeText(minute: number): string {
  let text = timeTexts.get(minute);
  // Stryker disable next-line ConditionalExpression: a cache; computing the text again gives the same text
  if (text === undefined) {
    // Stryker disable next-line EqualityOperator,ConditionalExpression: a bound for memory; clearing sooner or later only recomputes texts
    if (timeTexts.size >= 256) timeTexts.clear();
    text = formatSignatureTime(new Date(minute * 60_000));
    timeTexts.set(minute, text);
  }
  return text;
}

/** The `yyyyMMddHHmm` times accepted around each reference time, nearest first, without repeats (lazily). */
function* acceptedTimes(references: readonly number[], windowMinutes: number): Generator<string> {
  // Stryker disable next-line ArrayDeclaration: a placeholder entry is never a yyyyMMddHHmm time, so it changes nothing
  const seen: string[] = [];
  for (let i = 0; i <= windowMinutes; i++) {
    for (const ref of references) {
      // Stryker disable next-line ConditionalExpression: at i = 0 both sides are `ref`, and the repeat is skipped below
      for (const at of i === 0 ? [ref] : [ref - i * 60_000, ref + i * 60_000]) {
        const time = timeText(Math.floor(at / 60_000));
        // Stryker disable next-line ConditionalExpression: without the skip a time is only checked twice (slower, same verdict)
        if (seen.includes(time)) continue;
        seen.push(time);
        yield time;
      }
    }
  }
}

/** HMAC-SHA256 hex of `head` (UTF-8) followed by `body`, keyed with a secret. */
type Mac = (head: string, body: Uint8Array) => string | Promise<string>;

/** Per secret key: node:crypto with the key imported once as a `KeyObject`, else the portable HMAC. */
const macs = new Map<string, Mac>();
/** The synchronous ones among {@link macs}. */
const syncMacs = new WeakSet<Mac>();

function macFor(secretKey: string): Mac {
  let mac = macs.get(secretKey);
  // Stryker disable next-line ConditionalExpression: a cache; importing the key again gives the same MAC
  if (mac) return mac;
  const crypto = nodeCrypto();
  // Stryker disable next-line ConditionalExpression: node:crypto is always there in Node, where the tests run
  if (crypto) {
    const { createHmac } = crypto;
    // Stryker disable next-line StringLiteral: UTF-8 is node:crypto's default for strings
    const key = crypto.createSecretKey(secretKey, 'utf8');
    mac = (head, body) => {
      // Stryker disable next-line StringLiteral: UTF-8 is node:crypto's default for strings
      const hmac = createHmac('sha256', key).update(head, 'utf8');
      // Stryker disable next-line ConditionalExpression,EqualityOperator: updating with no bytes changes nothing
      if (body.byteLength > 0) hmac.update(body);
      return hmac.digest('hex');
    };
    syncMacs.add(mac);
  } else {
    mac = (head, body) => hmacSha256Hex(secretKey, signatureMessage('', '', '', head, body));
  }
  // Stryker disable next-line EqualityOperator,ConditionalExpression: a bound for memory; clearing sooner only imports keys again
  if (macs.size >= 16) macs.clear();
  macs.set(secretKey, mac);
  return mac;
}

/**
 * Verifies a SAASUSSIGV1 signature over the raw body bytes: SaaS ID and API key must be the configured ones;
 * the HMAC is recomputed over the raw body bytes and `Host` + raw target for every minute within
 * ±`windowMinutes` of any of `references` (ms epoch times), and compared in constant time.
 * Synchronous where the HMAC is (node:crypto).
 */
export function verifySignatureNow(
  credentials: EmulatorCredentials,
  request: SignedRequest,
  references: readonly number[],
  windowMinutes: number,
): SignatureVerdict | Promise<SignatureVerdict> {
  if (request.authorization === null) return { ok: false, reason: 'Missing Authorization header (SAASUSSIGV1).' };
  const parsed = parseAuthorizationHeader(request.authorization);
  if (!parsed) return { ok: false, reason: 'Malformed SAASUSSIGV1 Authorization header.' };
  const idOk = timingSafeEqualString(parsed.saasId, credentials.saasId);
  const keyOk = timingSafeEqualString(parsed.apiKey, credentials.apiKey);
  if (!idOk || !keyOk) return { ok: false, reason: 'Unknown SaaS ID or API key.' };
  const mac = macFor(credentials.secretKey);
  const middle = credentials.apiKey + request.method.toUpperCase();
  // The usual case first, without the generators: signed this minute, for the Host as sent.
  // Stryker disable all: only a shortcut; the candidates below include this one, so a change here changes no verdict, only the time
  const first = references[0];
  if (first !== undefined && syncMacs.has(mac)) {
    const expected = mac(timeText(Math.floor(first / 60_000)) + middle + request.host + request.target, request.body);
    if (typeof expected === 'string' && timingSafeEqualString(parsed.signature, expected)) return { ok: true };
  }
  // Stryker restore all
  const hosts = hostCandidates(request.host);
  const heads = (function* () {
    for (const time of acceptedTimes(references, windowMinutes)) for (const host of hosts) yield time + middle + host + request.target;
  })();
  const next = (): SignatureVerdict | Promise<SignatureVerdict> => {
    for (let head = heads.next(); head.done !== true; head = heads.next()) {
      const expected = mac(head.value, request.body);
      if (typeof expected !== 'string') return expected.then((hex) => (timingSafeEqualString(parsed.signature, hex) ? { ok: true } : next()));
      if (timingSafeEqualString(parsed.signature, expected)) return { ok: true };
    }
    return { ok: false, reason: 'Signature mismatch (wrong secret key, body, URL or a time outside the accepted window).' };
  };
  return next();
}

/** {@link verifySignatureNow}, always as a promise. */
export async function verifySignature(
  credentials: EmulatorCredentials,
  request: SignedRequest,
  references: readonly number[],
  windowMinutes: number,
): Promise<SignatureVerdict> {
  return verifySignatureNow(credentials, request, references, windowMinutes);
}
