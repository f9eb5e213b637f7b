import { describe, expect, it } from 'vitest';
import { otpauthUri, qrDataUrl, qrSvg, qrTerminal } from '../../src/mfa/index.js';
import { decodePng, modulesToPixels, scan, svgModules, terminalModules } from './qr-decode.js';

const uri = otpauthUri({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', accountName: 'ann@example.com', issuer: 'Acme Co' });

describe('qrDataUrl', () => {
  it('renders a PNG data URL that scans back to the otpauth URI', async () => {
    const url = await qrDataUrl(uri, { width: 300 });
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const pixels = decodePng(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
    expect(pixels.width).toBe(300);
    expect(scan(pixels)).toBe(uri);
  });
});

describe('qrSvg', () => {
  it('renders an SVG document whose modules scan back to the otpauth URI', async () => {
    const svg = await qrSvg(uri, { errorCorrectionLevel: 'H' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(scan(modulesToPixels(svgModules(svg)))).toBe(uri);
  });
});

describe('qrTerminal', () => {
  it('renders terminal text whose modules scan back to the otpauth URI', async () => {
    const text = await qrTerminal(uri);
    expect(scan(modulesToPixels(terminalModules(text)))).toBe(uri);
  });

  it('renders a half-height variant with block characters', async () => {
    const full = await qrTerminal(uri);
    const small = await qrTerminal(uri, { small: true });
    expect(small).toMatch(/[▀▄█]/);
    expect(small.split('\n').length).toBeLessThan(full.split('\n').length);
  });
});

describe('scan (test helper)', () => {
  it('finds no code in a blank image, so the decoding tests can fail', () => {
    expect(scan(modulesToPixels([[false]]))).toBeNull();
  });
});
