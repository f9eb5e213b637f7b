import type { EmulatorState } from './state.js';
import { validateState } from './state-validation.js';

type NodeFs = typeof import('node:fs');

function nodeFs(): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
  if (!fs) throw new TypeError('createEmulator: "dataFile" needs a runtime with node:fs (Node.js 20.16+).');
  return fs;
}

/** The state file behind `--data`: loaded once, then rewritten atomically after changes. */
export interface Persistence {
  /** The stored state, or `undefined` when the file does not exist yet. Throws when it is corrupt. */
  load(): EmulatorState | undefined;
  /** Writes the current state soon; resolves once a write that includes this change finished. */
  save(): Promise<void>;
  /** Resolves once every write asked for so far finished, without asking for one. */
  flush(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * Removes `<file>.<pid>.tmp` files a killed writer left behind (its rename never happened, so
 * they hold nothing the state file lacks). A temp file of a process still running is kept.
 */
function removeStaleTempFiles(fs: NodeFs, file: string): void {
  const path = process.getBuiltinModule('node:path');
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // No directory yet: nothing to clean, and the first write reports the problem.
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) ? /^(\d+)\.tmp$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid === undefined || (Number(pid) !== process.pid && alive(Number(pid)))) continue;
    try {
      fs.rmSync(path.join(dir, name));
    } catch {
      // Not ours to remove (permissions): leave it.
    }
  }
}

/**
 * Group-committed, atomic writes: each write goes to a temp file in the same directory, is
 * flushed to disk, then renamed over the target. A killed process leaves either the old or the
 * new file, never a partial one (its temp file is removed at the next start). The file is
 * created owner-only (0600). Requests waiting on `save()` share one write; a failed write
 * rejects their `save()` and never escapes as an unhandled rejection.
 */
export function createPersistence(file: string, snapshot: () => EmulatorState): Persistence {
  const fs = nodeFs();
  const tmp = `${file}.${process.pid}.tmp`;
  removeStaleTempFiles(fs, file);
  let requested = 0;
  let written = 0;
  let running = false;
  // Stryker disable next-line ArrayDeclaration: an entry without a seq is never settled, and nothing else reads the list
  const waiters: { seq: number; resolve: () => void; reject: (e: unknown) => void }[] = [];

  async function writeOnce(): Promise<void> {
    // Serialised inside the try of run(): a state that cannot be serialised is a failed write.
    const json = JSON.stringify(snapshot());
    // Owner-only: the file holds temporary passwords and tokens.
    const handle = await fs.promises.open(tmp, 'w', 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(json);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  }

  /** A failed write leaves no temp file: the state file itself was never touched. */
  async function writeOrClean(): Promise<void> {
    try {
      await writeOnce();
    } catch (error) {
      await fs.promises.rm(tmp).catch(() => undefined);
      throw error;
    }
  }

  function settle(upTo: number, error?: unknown): void {
    // Stryker disable next-line ArithmeticOperator: starting one past the end reads `undefined`, which the `w &&` check skips
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w && w.seq <= upTo) {
        waiters.splice(i, 1);
        if (error === undefined) w.resolve();
        else w.reject(error);
      }
    }
  }

  async function run(): Promise<void> {
    running = true;
    try {
      while (written < requested) {
        const target = requested;
        try {
          await writeOrClean();
          written = target;
          settle(target);
        } catch (error) {
          written = target;
          settle(target, error);
        }
      }
    } finally {
      running = false;
    }
  }

  const waitFor = (seq: number) => new Promise<void>((resolve, reject) => waiters.push({ seq, resolve, reject }));

  return {
    load() {
      let text: string;
      try {
        // Stryker disable next-line StringLiteral: without an encoding it is a Buffer, which JSON.parse reads as the same UTF-8 text
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return validateState(JSON.parse(text));
      } catch (error) {
        throw new TypeError(`createEmulator: ${file} is not a valid emulator state file: ${(error as Error).message}`);
      }
    },
    save() {
      requested += 1;
      const done = waitFor(requested);
      if (!running) void run();
      return done;
    },
    flush() {
      return written >= requested ? Promise.resolve() : waitFor(requested);
    },
  };
}
