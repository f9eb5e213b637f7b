import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { buildPackage, repoRoot } from '../support/build-package.js';
import { createAppDir, locateRuntime, runSmoke, type RuntimeName, type SmokeRun } from './runtimes.js';

/*
 * The built package on Node, Bun and Deno: the same smoke.mjs, importing only the package's
 * entries by name, runs under each runtime twice — with the signing path the package picks
 * (node:crypto through process.getBuiltinModule) and with node:crypto made unavailable
 * (`--portable`: the @noble/hashes fallback) — and each run must reach the same results.
 */

const RUNTIMES: RuntimeName[] = ['node', 'bun', 'deno'];
const MODES = ['default', 'portable'] as const;
type Mode = (typeof MODES)[number];

/** The runtime's own HTTP server the emulator is served with. */
const SERVER: Record<RuntimeName, string> = { node: 'node:http', bun: 'Bun.serve', deno: 'Deno.serve' };

/** What every run must report, whatever the runtime and signing path. */
const EXPECTED = {
  stage: 'done',
  served: true,
  vectors: [
    { name: 'POST sign-up, compact JSON body', ok: true },
    { name: 'GET users, no body', ok: true },
    { name: 'DELETE provider link', ok: true },
    { name: 'emulator host with port', ok: true },
  ],
  signUp: 'confirmed',
  emailUpdate: 'updated',
  mfaSetup: 'enabled',
  signInAfter: 'SOFTWARE_TOKEN_MFA',
  // signUp, getCredentials, requestEmailUpdate, confirmEmailUpdate, getUserMfaPreference,
  // createSecretCode, updateSoftwareToken, updateUserMfaPreference: each answered once.
  requests: { answered: 8 },
  proxy: {
    withSession: { status: 200, body: { enabled: true, method: 'softwareToken' } },
    withoutSession: { status: 401, type: 'unauthenticated' },
    leaked: false,
  },
  serveEmulator: { loopback: true, signedUp: true },
  flowStore: { applied: 'applied', stale: 'conflict', value: 'signingUp', version: 2, endpoint: { status: 201, value: { enteringEmail: 'editing' } } },
  otpauth: { scheme: 'otpauth:', type: 'totp', secretMatches: true, accountInLabel: true },
  qr: { svg: true },
};

/** Which HMAC the package used, and what its node:crypto lookup got. */
const SIGNING: Record<Mode, { signingPath: string; cryptoLookups: string[] }> = {
  default: { signingPath: 'node:crypto', cryptoLookups: ['found'] },
  portable: { signingPath: '@noble/hashes', cryptoLookups: ['hidden'] },
};

/** Entries the smoke script leaves out on purpose: the model-based test kit runs in an app's own tests. */
// The test kit is for Node test runners; the React hook is a browser entry (React is not installed in the app directory).
const NOT_RUNTIME_SURFACE = new Set(['./testing', './react']);

type Outcome = { ok: true; run: SmokeRun } | { ok: false; error: unknown };
const outcomes = new Map<string, Promise<Outcome>>();
let removeApp: (() => Promise<void>) | undefined;

const key = (runtime: RuntimeName, mode: Mode) => `${runtime} ${mode}`;

async function outcome(runtime: RuntimeName, mode: Mode): Promise<SmokeRun> {
  const settled = await outcomes.get(key(runtime, mode));
  if (settled === undefined) throw new Error(`No run of ${key(runtime, mode)} was started.`);
  if (!settled.ok) throw settled.error;
  return settled.run;
}

/** The run's output, for failure messages: the JSON line and the runtime's stderr. */
const shown = (run: SmokeRun) => `exit ${String(run.code)}\nstdout: ${run.stdout.trim()}\nstderr: ${run.stderr.trim()}`;

describe('the built package on Node, Bun and Deno', () => {
  beforeAll(async () => {
    await buildPackage();
    const app = await createAppDir(repoRoot);
    removeApp = app.remove;
    // All six runs at once: each takes well under a second of CPU.
    for (const runtime of RUNTIMES) {
      const located = locateRuntime(runtime, repoRoot);
      for (const mode of MODES) {
        const run = located.then((r) => runSmoke(r, app, mode === 'portable' ? ['--portable'] : []));
        outcomes.set(
          key(runtime, mode),
          run.then(
            (r): Outcome => ({ ok: true, run: r }),
            (error: unknown): Outcome => ({ ok: false, error }),
          ),
        );
      }
    }
    await Promise.all(outcomes.values());
  }, 120_000);

  afterAll(async () => {
    await removeApp?.();
  });

  describe.each(RUNTIMES)('%s', (runtime) => {
    it.each(MODES)('signs the vectors, serves the emulator and runs sign-up, e-mail change, MFA, proxy and QR (%s signing)', async (mode) => {
      const run = await outcome(runtime, mode);
      expect(run.result, shown(run)).toBeDefined();
      expect(run.result, shown(run)).not.toHaveProperty('error');
      expect(run.code, shown(run)).toBe(0);
      expect(run.result, shown(run)).toMatchObject({ ...EXPECTED, runtime, mode, server: SERVER[runtime], getBuiltinModule: true, ...SIGNING[mode] });
    });
  });

  it('gives the same signatures and the same SVG QR code on every runtime and signing path', async () => {
    const runs = await Promise.all(RUNTIMES.flatMap((runtime) => MODES.map((mode) => outcome(runtime, mode))));
    const facts = runs.map((run) => JSON.stringify({ vectors: run.result?.['vectors'], qr: run.result?.['qr'] }));
    expect(new Set(facts).size, facts.join('\n')).toBe(1);
  });

  it('imports every public entry of package.json "exports" (a new entry needs a check in smoke.mjs)', async () => {
    const run = await outcome('node', 'default');
    const entries = Object.keys(pkg.exports)
      .filter((entry) => !NOT_RUNTIME_SURFACE.has(entry))
      .map((entry) => (entry === '.' ? 'saasus-flows' : `saasus-flows${entry.slice(1)}`));
    expect([...(run.result?.['entries'] as string[])].sort()).toEqual(entries.sort());
  });
});

describe('a runtime binary that is missing', () => {
  let emptyRoot: string;
  beforeAll(async () => {
    emptyRoot = await mkdtemp(join(tmpdir(), 'saasus-flows-no-runtimes-'));
  });
  afterAll(async () => {
    await rm(emptyRoot, { recursive: true, force: true });
  });

  it.each([
    ['bun', /dev dependency "@oven\/bun-linux-x64"/],
    ['deno', /dev dependency "deno"/],
  ] as const)('fails for %s with the dev dependency that provides it', async (runtime, message) => {
    await expect(locateRuntime(runtime, emptyRoot)).rejects.toThrow(message);
  });
});
