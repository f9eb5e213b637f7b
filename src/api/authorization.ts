import { formatAuthorizationHeader, formatSignatureTime, hmacSha256Hex, nodeCrypto, type HmacSha256Hex, type SigningCredentials } from './signing.js';

/**
 * The `Authorization` value of one request (`SAASUSSIGV1 Sig=<hex>, SaaSID=<id>, APIKey=<key>`). `urlPart` is `host[:port]/path[?query]`,
 * `body` the exact string sent ('' when none). Synchronous when the HMAC is.
 */
export type Signer = (date: Date, method: string, urlPart: string, body: string) => string | Promise<string>;

/**
 * SAASUSSIGV1 in one step: one string, one HMAC, synchronous where the HMAC is (node:crypto), so
 * signing adds no microtask to a call.
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

/** HMAC keyed once with a node:crypto `KeyObject`, or `undefined` where there is no node:crypto. */
function nodeKeyedHmac(secretKey: string): ((message: string) => string) | undefined {
  const crypto = nodeCrypto();
  if (!crypto) return undefined;
  const { createHmac } = crypto;
  // Stryker disable next-line StringLiteral: an empty encoding name means UTF-8 for a string key, the same key
  const key = crypto.createSecretKey(secretKey, 'utf8');
  // Stryker disable next-line StringLiteral: an empty encoding name means UTF-8 for a string message, the same HMAC
  return (message) => createHmac('sha256', key).update(message, 'utf8').digest('hex');
}

/**
 * A signer for one set of credentials. With the default HMAC on a runtime with node:crypto the
 * secret is imported once as a `KeyObject` and the time text is reused within a minute; any
 * other `hmac` is called as given.
 */
export function createSigner(credentials: SigningCredentials, hmac: HmacSha256Hex = hmacSha256Hex): Signer {
  const keyed = hmac === hmacSha256Hex ? nodeKeyedHmac(credentials.secretKey) : undefined;
  if (!keyed) return (date, method, urlPart, body) => authorizationHeader(credentials, hmac, date, method, urlPart, body);
  const { saasId, apiKey } = credentials;
  let minute = Number.NaN;
  // Stryker disable next-line StringLiteral: never read, the first call always sets it (no minute equals NaN)
  let time = '';
  return (date, method, urlPart, body) => {
    // Stryker disable next-line ArithmeticOperator: any other key that changes with the minute only recomputes the time text more often
    const m = Math.floor(date.getTime() / 60_000);
    // Stryker disable next-line ConditionalExpression: recomputing the time text on every call gives the same text
    if (m !== minute) {
      minute = m;
      time = formatSignatureTime(date);
    }
    return formatAuthorizationHeader(keyed(time + apiKey + method + urlPart + body), saasId, apiKey);
  };
}
