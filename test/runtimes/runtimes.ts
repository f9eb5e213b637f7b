import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The JavaScript runtimes the built package is run on. */
export type RuntimeName = 'node' | 'bun' | 'deno';

/** A runtime ready to run the smoke script. */
export interface Runtime {
  name: RuntimeName;
  /** Path of the executable. */
  binary: string;
  /** Arguments before the script's own (`--portable`). */
  args(script: string): string[];
}

/** What one run of smoke.mjs gives. */
export interface SmokeRun {
  /** Process exit code (null when killed). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The JSON line smoke.mjs printed, or undefined when it printed none. */
  result: Record<string, unknown> | undefined;
}

export const SMOKE_SCRIPT = fileURLToPath(new URL('./smoke.mjs', import.meta.url));

async function devDependencyVersion(root: string, name: string): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    return pkg.devDependencies?.[name] ?? 'not listed in package.json';
  } catch {
    return 'unknown version';
  }
}

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * The runtime's binary as the repository's dev dependencies install it. A missing binary is an
 * error naming the dev dependency that provides it: the suite never skips a runtime.
 */
export async function locateRuntime(name: RuntimeName, root: string): Promise<Runtime> {
  if (name === 'node') return { name, binary: process.execPath, args: (script) => [script] };
  if (name === 'bun') {
    const dependency = '@oven/bun-linux-x64';
    const platformPackage = `@oven/bun-${process.platform}-${process.arch}`;
    const binary = join(root, 'node_modules', platformPackage, 'bin', 'bun');
    if (!(await executable(binary))) {
      const platformNote = platformPackage === dependency ? '' : ` (this machine is ${process.platform}-${process.arch}; the dev dependency is the Linux x64 build)`;
      throw new Error(
        `Bun binary missing at ${binary}: it comes from the dev dependency "${dependency}" ` +
          `(${await devDependencyVersion(root, dependency)}); run npm ci${platformNote}.`,
      );
    }
    // --no-install: resolve from node_modules only, never fetch a package at run time.
    return { name, binary, args: (script) => ['--no-install', script] };
  }
  const binary = join(root, 'node_modules', '.bin', 'deno');
  if (!(await executable(binary))) {
    throw new Error(`Deno binary missing at ${binary}: it comes from the dev dependency "deno" (${await devDependencyVersion(root, 'deno')}); run npm ci.`);
  }
  return {
    name,
    binary,
    args: (script) => [
      'run',
      '--no-prompt',
      '--no-lock',
      '--config',
      'deno.json',
      '--allow-net=127.0.0.1',
      '--allow-read',
      '--allow-env',
      script,
    ],
  };
}

/**
 * An app directory that has installed the package: node_modules/saasus-flows is the repository
 * (so its package.json "exports" and built dist are what resolves), node_modules/xstate the peer
 * dependency, a copy of smoke.mjs, a package.json, and a deno.json that makes Deno resolve
 * packages from node_modules as Node and Bun do.
 */
export async function createAppDir(root: string): Promise<{ dir: string; script: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'saasus-flows-runtimes-'));
  await mkdir(join(dir, 'node_modules'));
  await symlink(root, join(dir, 'node_modules', 'saasus-flows'), 'dir');
  await symlink(await realpath(join(root, 'node_modules', 'xstate')), join(dir, 'node_modules', 'xstate'), 'dir');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'runtime-smoke-app', private: true, type: 'module', dependencies: { 'saasus-flows': '*', xstate: '*' } }));
  await writeFile(join(dir, 'deno.json'), JSON.stringify({ nodeModulesDir: 'manual' }));
  const script = join(dir, 'smoke.mjs');
  await copyFile(SMOKE_SCRIPT, script);
  return { dir, script, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs smoke.mjs under a runtime in the app directory; never rejects for a failing script. */
export function runSmoke(runtime: Runtime, app: { dir: string; script: string }, extra: string[] = []): Promise<SmokeRun> {
  return new Promise((resolve, reject) => {
    execFile(
      runtime.binary,
      [...runtime.args(app.script), ...extra],
      { cwd: app.dir, timeout: 30_000, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number' && !error.killed) {
          reject(error);
          return;
        }
        const line = stdout.trim().split('\n').at(-1) ?? '';
        let result: Record<string, unknown> | undefined;
        try {
          result = JSON.parse(line) as Record<string, unknown>;
        } catch {
          result = undefined;
        }
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr, result });
      },
    );
  });
}
