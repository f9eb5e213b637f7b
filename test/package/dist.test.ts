import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { buildPackage } from '../support/build-package.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Most runtime values the root entry may export: browsers import it whole. */
const MAX_ROOT_EXPORTS = 25;

/** Signing internals: used by the client, the emulator and tests from their module, never public. */
const SIGNING_HELPERS = [
  'hmacSha256Hex',
  'hmacSha256HexPortable',
  'timingSafeEqualString',
  'signatureMessage',
  'signedUrlPart',
  'computeSignature',
  'signRequest',
  'formatSignatureTime',
  'formatAuthorizationHeader',
  'parseAuthorizationHeader',
  'createSigner',
  'authorizationHeader',
];

/** Runs `body` (an async function body with `load(entry)`) in plain Node against the built package; returns its JSON result. */
async function inNode(body: string): Promise<unknown> {
  const script = `
    const load = (entry) => import(entry === '.' ? 'saasus-flows' : 'saasus-flows' + entry.slice(1));
    const result = await (async () => { ${body} })();
    console.log(JSON.stringify(result));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
  return JSON.parse(stdout);
}

/** What each public entry point must export once built (a sample, not the whole list). */
const expected: Record<string, string[]> = {
  '.': ['signUpMachine', 'createSaasusFlows', 'signUpActors', 'proxyTransport', 'persistFlow'],
  './api': ['createSaasUserApi', 'isApiError', 'operations'],
  './proxy': ['createSaasusProxy', 'toNodeHandler'],
  './emulator': ['createEmulator', 'serveEmulator'],
  './mfa': ['otpauthUri', 'qrSvg', 'qrDataUrl', 'qrTerminal'],
  './server': ['memoryFlowStore', 'redisFlowStore', 'FlowStoreUnavailableError'],
  './testing': ['flowPaths', 'createAuthenticator', 'createInbox'],
  './react': ['useSaasusFlow'],
};

describe('the built package', () => {
  beforeAll(async () => {
    await buildPackage();
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

  it(`keeps the root entry to at most ${MAX_ROOT_EXPORTS} runtime exports`, async () => {
    const names = (await inNode(`return Object.keys(await load('.')).sort();`)) as string[];
    // The count is printed so a report can quote it.
    console.log(`saasus-flows root entry: ${names.length} runtime exports: ${names.join(', ')}`);
    expect(names.length).toBeLessThanOrEqual(MAX_ROOT_EXPORTS);
  });

  it('exports no signing helper from saasus-flows or saasus-flows/proxy', async () => {
    const leaked = await inNode(`
      const signing = ${JSON.stringify(SIGNING_HELPERS)};
      const out = [];
      for (const entry of ['.', './proxy']) { const mod = await load(entry); for (const name of signing) if (name in mod) out.push(entry + ' ' + name); }
      return out;`);
    expect(leaked).toEqual([]);
  });

  it('serves the built proxy entry: createSaasusProxy answers a request without a session', async () => {
    const answer = await inNode(`
      const { createSaasusProxy } = await load('./proxy');
      const proxy = createSaasusProxy({ api: {}, authenticate: () => null });
      const response = await proxy(new Request('http://app.test/api/saasus/mfa/preference'));
      return [response.status, await response.json()];`);
    expect(answer).toEqual([401, { type: 'unauthenticated', message: expect.any(String) }]);
  });

  it('runs the built saasus-flows command', async () => {
    const { stdout } = await run(process.execPath, [`${root}/${pkg.bin['saasus-flows']}`, 'demo', '--auto'], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/summary/i);
  });
});
