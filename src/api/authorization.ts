import { formatAuthorizationHeader, formatSignatureTime, type HmacSha256Hex, type SigningCredentials } from './signing.js';

/**
 * The client's hot path of SAASUSSIGV1 (spec §4.2): one string, one HMAC, synchronous where the
 * HMAC is (node:crypto), so signing a call costs a few microseconds and no extra microtask.
 * `urlPart` is `host[:port]/path[?query]`, `body` the exact string sent ('' when none).
 */
export function authorizationHeader(
  credentials: SigningCredentials,
  hmac: HmacSha256Hex,
  date: Date,
  method: string,
  urlPart: string,
  body: string,
): string | Promise<string> {
  const message = formatSignatureTime(date) + credentials.apiKey + method + urlPart + body;
  const signature = hmac(credentials.secretKey, message);
  return typeof signature === 'string'
    ? formatAuthorizationHeader(signature, credentials.saasId, credentials.apiKey)
    : signature.then((sig) => formatAuthorizationHeader(sig, credentials.saasId, credentials.apiKey));
}
