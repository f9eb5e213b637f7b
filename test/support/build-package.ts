import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root (where package.json is). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What `npm run build` reads: the sources and the configuration. */
const INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const DIST = join(repoRoot, 'dist');

async function files(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return [];
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => files(join(path, entry.name))));
  return nested.flat().sort();
}

/** Hash of the build inputs' contents: the same sources give the same dist. */
async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await Promise.all(INPUTS.map((input) => files(join(repoRoot, input))))).flat()) {
    hash.update(relative(repoRoot, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Fingerprint of dist as it is on disk (names, sizes, times): notices a deleted or rebuilt dist. */
async function distFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await files(DIST)) {
    const info = await stat(file);
    hash.update(`${relative(DIST, file)}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

// Kept outside dist (which is what the package publishes) and outside node_modules (shared).
const stateDir = join(tmpdir(), 'saasus-flows-build', createHash('sha256').update(repoRoot).digest('hex').slice(0, 16));
const stampFile = join(stateDir, 'stamp.json');
const lockDir = join(stateDir, 'lock');
const STALE_LOCK_MS = 180_000;

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(stateDir, { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(lockDir).catch(() => undefined);
      if (held !== undefined && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rm(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/**
 * Builds the package (`npm run build` into dist/) unless dist was already built from exactly
 * these sources. Test files that use dist call it; vitest runs them in parallel processes, so a
 * lock makes them wait for one build instead of writing dist at the same time.
 */
export async function buildPackage(): Promise<void> {
  await withLock(async () => {
    const inputs = await inputsHash();
    const stamp = (await readFile(stampFile, 'utf8').then(JSON.parse, () => undefined)) as { inputs?: string; dist?: string } | undefined;
    if (stamp?.inputs === inputs && stamp.dist === (await distFingerprint())) return;
    try {
      await run('npm', ['run', 'build'], { cwd: repoRoot });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm run build failed:\n${stdout}${stderr}`, { cause: error });
    }
    await writeFile(stampFile, JSON.stringify({ inputs, dist: await distFingerprint() }));
  });
}
