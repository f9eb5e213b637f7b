import { formatSignatureTime, hmacSha256Hex, parseAuthorizationHeader, signatureMessage, timingSafeEqualString } from '../api/signing.js';
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

/** The `yyyyMMddHHmm` times accepted around each reference time, nearest first, without repeats (lazily). */
function* acceptedTimes(references: readonly number[], windowMinutes: number): Generator<string> {
  // Stryker disable next-line ArrayDeclaration: a placeholder entry is never a yyyyMMddHHmm time, so it changes nothing
  const seen: string[] = [];
  for (let i = 0; i <= windowMinutes; i++) {
    for (const ref of references) {
      // Stryker disable next-line ConditionalExpression: at i = 0 both sides are `ref`, and the repeat is skipped below
      for (const at of i === 0 ? [ref] : [ref - i * 60_000, ref + i * 60_000]) {
        const time = formatSignatureTime(new Date(at));
        // Stryker disable next-line ConditionalExpression: without the skip a time is only checked twice (slower, same verdict)
        if (seen.includes(time)) continue;
        seen.push(time);
        yield time;
      }
    }
  }
}

/**
 * Verifies a SAASUSSIGV1 signature over the raw body bytes: SaaS ID and API key must be the configured ones;
 * the HMAC is recomputed over the raw body bytes and `Host` + raw target for every minute within
 * ±`windowMinutes` of any of `references` (ms epoch times), and compared in constant time.
 */
export async function verifySignature(
  credentials: EmulatorCredentials,
  request: SignedRequest,
  references: readonly number[],
  windowMinutes: number,
): Promise<SignatureVerdict> {
  if (request.authorization === null) return { ok: false, reason: 'Missing Authorization header (SAASUSSIGV1).' };
  const parsed = parseAuthorizationHeader(request.authorization);
  if (!parsed) return { ok: false, reason: 'Malformed SAASUSSIGV1 Authorization header.' };
  const idOk = timingSafeEqualString(parsed.saasId, credentials.saasId);
  const keyOk = timingSafeEqualString(parsed.apiKey, credentials.apiKey);
  if (!idOk || !keyOk) return { ok: false, reason: 'Unknown SaaS ID or API key.' };
  for (const time of acceptedTimes(references, windowMinutes)) {
    for (const host of hostCandidates(request.host)) {
      const message = signatureMessage(time, credentials.apiKey, request.method, host + request.target, request.body);
      const expected = await hmacSha256Hex(credentials.secretKey, message);
      if (timingSafeEqualString(parsed.signature, expected)) return { ok: true };
    }
  }
  return { ok: false, reason: 'Signature mismatch (wrong secret key, body, URL or a time outside the accepted window).' };
}
