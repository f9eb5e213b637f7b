import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Everything `src/machines` pulls into a browser bundle. */
async function machineInputs(): Promise<string[]> {
  const result = await build({
    entryPoints: [resolve(root, 'src/machines/index.ts')],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    external: ['xstate'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('src/machines', () => {
  it('bundles without the client, ofetch, qrcode, the emulator or any Node built-in', async () => {
    const inputs = await machineInputs();
    expect(inputs.some((input) => input.startsWith('src/machines/'))).toBe(true);
    const forbidden = inputs.filter((input) =>
      /node_modules\/(ofetch|qrcode|h3|otplib|@noble)\/|^src\/emulator\/|^src\/api\/(client|signing|config)\.ts$|^node:/.test(input),
    );
    expect(forbidden).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('src/api/'))).toEqual(['src/api/errors.ts']);
  });
});
