export { otpauthUri, parseOtpauthUri, DEFAULT_ISSUER } from './otpauth-uri.js';
export type { OtpauthUriOptions, OtpauthKey, OtpAlgorithm } from './otpauth-uri.js';
export { qrSvg, qrDataUrl, qrTerminal } from './qr-code.js';
export type { QrOptions, QrTerminalOptions } from './qr-code.js';
