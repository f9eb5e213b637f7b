import { inflateSync } from 'node:zlib';
import jsqr from 'jsqr';

// jsqr is CommonJS with a `default` property; under NodeNext types the default import is the module.
const jsQR = jsqr.default;

/** A decoded image: RGBA bytes, row by row. */
interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a non-interlaced 8-bit PNG (what qrcode writes) to RGBA pixels. */
export function decodePng(png: Buffer): Pixels {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const bitDepth = png[24];
  const colorType = png[25] ?? -1;
  const channels = CHANNELS[colorType];
  if (bitDepth !== 8 || channels === undefined || png[28] !== 0) throw new Error('unsupported PNG');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (out[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (out[(y - 1) * stride + x - channels] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? 0] ?? 0;
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const px = out.subarray(i * channels, i * channels + channels);
    const grey = channels <= 2;
    data[i * 4] = px[0] ?? 0;
    data[i * 4 + 1] = (grey ? px[0] : px[1]) ?? 0;
    data[i * 4 + 2] = (grey ? px[0] : px[2]) ?? 0;
    data[i * 4 + 3] = channels === 4 ? (px[3] ?? 255) : channels === 2 ? (px[1] ?? 255) : 255;
  }
  return { data, width, height };
}

/** Draws a module matrix (true = dark) at `scale` pixels per module with a white quiet zone. */
export function modulesToPixels(modules: boolean[][], scale = 4, quiet = 4): Pixels {
  const size = Math.max(modules.length, ...modules.map((row) => row.length)) + quiet * 2;
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + quiet) * scale + dy) * width + (x + quiet) * scale + dx) * 4;
          data.fill(0, i, i + 3);
        }
    }),
  );
  return { data, width, height: width };
}

/** Reads the dark modules back from qrcode's SVG path (`M x y.5 h n m dx 0 …`). */
export function svgModules(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const path = /<path stroke="[^"]*" d="([^"]*)"/.exec(svg)?.[1] ?? '';
  const modules = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of path.matchAll(/([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?/g)) {
    if (op === 'M') [x, y] = [Number(a), Math.floor(Number(b))];
    else if (op === 'm') [x, y] = [x + Number(a), y + Math.floor(Number(b))];
    else for (let i = 0; i < Number(a); i++) (modules[y] ?? [])[x++] = true;
  }
  return modules;
}

/** Reads the modules back from qrcode's full-size terminal output (two spaces per module). */
export function terminalModules(text: string): boolean[][] {
  return text
    .split('\n')
    .map((line) => [...line.matchAll(/\x1b\[(4\d)m {2}\x1b\[0m/g)].map((m) => m[1] === '40'))
    .filter((row) => row.length > 0);
}

/** Scans pixels like a phone camera would; `null` when no QR code is found. */
export function scan(pixels: Pixels): string | null {
  return jsQR(pixels.data, pixels.width, pixels.height)?.data ?? null;
}
