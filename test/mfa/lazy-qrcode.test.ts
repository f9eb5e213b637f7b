import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    external: ['qrcode'],
  });
  return result.outputFiles.map((file) => file.text).join('\n');
}

describe('saasus-flows/mfa bundling', () => {
  it('imports qrcode only dynamically, when a QR is drawn', async () => {
    const code = await bundle("export { otpauthUri, qrSvg } from './src/mfa/index.ts';");
    expect(code).toMatch(/import\(\s*"qrcode"\s*\)/);
    expect(code).not.toMatch(/^\s*import\s[^(]*["']qrcode["']/m);
  });

  it('leaves qrcode out entirely when only the URI builder is used', async () => {
    const code = await bundle("export { otpauthUri } from './src/mfa/index.ts';");
    expect(code).toContain('otpauth://totp/');
    expect(code).not.toContain('qrcode');
  });
});
