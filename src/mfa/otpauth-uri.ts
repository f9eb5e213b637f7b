/** Hash algorithms an authenticator app may be told to use. SHA1 is what every app supports. */
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** What goes into an `otpauth://totp/…` key URI. */
export interface OtpauthUriOptions {
  /** The base32 TOTP secret (`secret_code` from `createSecretCode`). */
  secret: string;
  /** Who the key belongs to, shown in the app; usually the user's e-mail address. */
  accountName: string;
  /** Who issued the key, shown in the app. Defaults to `SaaSusPlatform`, as SaaSus samples do. */
  issuer?: string;
  /** Code length. Omitted from the URI unless given (apps default to 6). */
  digits?: 6 | 8;
  /** Time step in seconds. Omitted from the URI unless given (apps default to 30). */
  period?: number;
  /** HMAC hash. Omitted from the URI unless given (apps default to SHA1). */
  algorithm?: OtpAlgorithm;
}

/** An `otpauth://totp/…` URI taken apart, with the authenticator defaults filled in. */
export interface OtpauthKey {
  secret: string;
  accountName: string;
  issuer: string | undefined;
  digits: number;
  period: number;
  algorithm: OtpAlgorithm;
}

/** The issuer SaaSus's own samples put into the URI. */
export const DEFAULT_ISSUER = 'SaaSusPlatform';

const BASE32 = /^[A-Z2-7]+=*$/;
const ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

function normaliseSecret(secret: string): string {
  const upper = secret.replace(/\s+/g, '').toUpperCase();
  if (!BASE32.test(upper)) throw new TypeError('otpauth secret must be a base32 string');
  return upper.replace(/=+$/, '');
}

function checkLabelPart(name: string, value: string): void {
  // The key URI format splits the label on its first colon, so neither part may contain one.
  if (value.length === 0) throw new TypeError(`otpauth ${name} must not be empty`);
  if (value.includes(':')) throw new TypeError(`otpauth ${name} must not contain ':'`);
}

/**
 * Builds the key URI an authenticator app scans:
 * `otpauth://totp/<issuer>:<account>?secret=…&issuer=<issuer>`, with the issuer and the account
 * name percent-encoded each on its own and the issuer repeated as a query parameter.
 *
 * @example
 * otpauthUri({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', accountName: 'ann@example.com' })
 * // 'otpauth://totp/SaaSusPlatform:ann%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=SaaSusPlatform'
 */
export function otpauthUri(options: OtpauthUriOptions): string {
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  checkLabelPart('issuer', issuer);
  checkLabelPart('accountName', options.accountName);
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(options.accountName)}`;
  const query = [`secret=${normaliseSecret(options.secret)}`, `issuer=${encodeURIComponent(issuer)}`];
  if (options.algorithm !== undefined) {
    if (!ALGORITHMS.includes(options.algorithm)) throw new TypeError(`unsupported otpauth algorithm ${String(options.algorithm)}`);
    query.push(`algorithm=${options.algorithm}`);
  }
  if (options.digits !== undefined) {
    if (options.digits !== 6 && options.digits !== 8) throw new TypeError('otpauth digits must be 6 or 8');
    query.push(`digits=${options.digits}`);
  }
  if (options.period !== undefined) {
    if (!Number.isInteger(options.period) || options.period <= 0) throw new TypeError('otpauth period must be a positive integer');
    query.push(`period=${options.period}`);
  }
  return `otpauth://totp/${label}?${query.join('&')}`;
}

function parsePositiveInt(value: string | null, fallback: number, name: string): number {
  if (value === null) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new TypeError(`otpauth ${name} is not a positive integer`);
  return parsed;
}

/**
 * Reads an `otpauth://totp/…` URI back, as an authenticator app would after scanning it.
 * Throws a `TypeError` when the URI is not a TOTP key URI with a base32 secret.
 */
export function parseOtpauthUri(uri: string): OtpauthKey {
  const match = /^otpauth:\/\/totp\/([^?]*)\?(.*)$/i.exec(uri);
  if (match === null) throw new TypeError('not an otpauth://totp/ URI');
  const rawLabel = match[1] ?? '';
  const params = new URLSearchParams(match[2] ?? '');
  const colon = rawLabel.indexOf(':');
  const labelIssuer = colon === -1 ? undefined : decodeURIComponent(rawLabel.slice(0, colon));
  const accountName = decodeURIComponent(colon === -1 ? rawLabel : rawLabel.slice(colon + 1));
  const secret = params.get('secret');
  if (secret === null) throw new TypeError('otpauth URI has no secret');
  const algorithm = (params.get('algorithm') ?? 'SHA1').toUpperCase();
  if (!ALGORITHMS.includes(algorithm as OtpAlgorithm)) throw new TypeError(`unsupported otpauth algorithm ${algorithm}`);
  return {
    secret: normaliseSecret(secret),
    accountName,
    issuer: params.get('issuer') ?? labelIssuer,
    digits: parsePositiveInt(params.get('digits'), 6, 'digits'),
    period: parsePositiveInt(params.get('period'), 30, 'period'),
    algorithm: algorithm as OtpAlgorithm,
  };
}
