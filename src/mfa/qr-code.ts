import type * as QRCodeModule from 'qrcode';

/** How the QR symbol is drawn. All optional; qrcode's defaults otherwise. */
export interface QrOptions {
  /** Error correction level; `M` by default. */
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone around the symbol, in modules; 4 by default. */
  margin?: number;
  /** Image width in pixels (SVG and data URL). */
  width?: number;
  /** Dark and light colours as `#rrggbb[aa]` (SVG and data URL). */
  color?: { dark?: string; light?: string };
}

/** Options of {@link qrTerminal}. */
export interface QrTerminalOptions {
  /** Half-height rendering with block characters (two modules per line). */
  small?: boolean;
}

type QrCodeApi = Pick<typeof QRCodeModule, 'toString' | 'toDataURL'>;

let loading: Promise<QrCodeApi> | undefined;

// qrcode is loaded on first use only, so machines and bundles that never draw a QR don't pull it.
function loadQrcode(): Promise<QrCodeApi> {
  loading ??= import('qrcode').then((mod) => (mod as { default?: QrCodeApi }).default ?? mod);
  return loading;
}

function renderOptions(options: QrOptions): QRCodeModule.QRCodeRenderersOptions {
  const result: QRCodeModule.QRCodeRenderersOptions = {};
  if (options.errorCorrectionLevel !== undefined) result.errorCorrectionLevel = options.errorCorrectionLevel;
  if (options.margin !== undefined) result.margin = options.margin;
  if (options.width !== undefined) result.width = options.width;
  if (options.color !== undefined) result.color = { ...options.color };
  return result;
}

/**
 * Renders a QR code of `text` (usually an {@link otpauthUri}) as an SVG document string.
 *
 * @example
 * element.innerHTML = await qrSvg(otpauthUri({ secret, accountName: email }));
 */
export async function qrSvg(text: string, options: QrOptions = {}): Promise<string> {
  const qrcode = await loadQrcode();
  return qrcode.toString(text, { ...renderOptions(options), type: 'svg' });
}

/**
 * Renders a QR code of `text` as a `data:image/png;base64,…` URL for an `<img src>`.
 */
export async function qrDataUrl(text: string, options: QrOptions = {}): Promise<string> {
  const qrcode = await loadQrcode();
  return qrcode.toDataURL(text, { ...renderOptions(options), type: 'image/png' });
}

/**
 * Renders a QR code of `text` as text with ANSI colours, for printing in a terminal.
 */
export async function qrTerminal(text: string, options: QrTerminalOptions = {}): Promise<string> {
  const qrcode = await loadQrcode();
  return qrcode.toString(text, { type: 'terminal', small: options.small ?? false });
}
