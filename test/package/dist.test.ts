import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** What each public entry point must export once built (a sample, not the whole list). */
const expected: Record<string, string[]> = {
  '.': ['createSaasUserApi', 'ApiError', 'signUpMachine', 'createSaasusFlows', 'createSaasusProxy', 'proxyTransport', 'persistFlow'],
  './api': ['createSaasUserApi', 'isApiError', 'computeSignature', 'operations'],
  './emulator': ['createEmulator', 'serveEmulator'],
  './mfa': ['otpauthUri', 'qrSvg', 'qrDataUrl', 'qrTerminal'],
  './testing': ['flowPaths', 'createAuthenticator', 'createInbox'],
  './react': ['useSaasusFlow'],
};

describe('the built package', () => {
  beforeAll(async () => {
    await run('npm', ['run', 'build'], { cwd: root });
  }, 120_000);

  it('has an exports entry, a JS file and a type declaration for every public entry point', async () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(Object.keys(expected).sort());
    for (const entry of Object.values(pkg.exports)) {
      await access(new URL(entry.import, `file://${root}/`));
      await access(new URL(entry.types, `file://${root}/`));
    }
  });

  it('loads every entry point by its package name in plain Node, with the exports the README uses', async () => {
    const script = `
      const expected = ${JSON.stringify(expected)};
      const missing = [];
      for (const [entry, names] of Object.entries(expected)) {
        const mod = await import(entry === '.' ? 'saasus-flows' : 'saasus-flows' + entry.slice(1));
        for (const name of names) if (!(name in mod)) missing.push(entry + ' ' + name);
      }
      console.log(JSON.stringify(missing));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('runs the built saasus-flows command', async () => {
    const { stdout } = await run(process.execPath, [`${root}/${pkg.bin['saasus-flows']}`, 'demo', '--auto'], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/summary/i);
  });
});
