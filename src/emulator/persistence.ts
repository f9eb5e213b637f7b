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

/**
 * Group-committed, atomic writes: each write goes to a temp file in the same directory, is
 * flushed to disk, then renamed over the target. A killed process leaves either the old or the
 * new file, never a partial one. Requests waiting on `save()` share one write.
 */
export function createPersistence(file: string, snapshot: () => EmulatorState): Persistence {
  const fs = nodeFs();
  const tmp = `${file}.${process.pid}.tmp`;
  let requested = 0;
  let written = 0;
  let running = false;
  const waiters: { seq: number; resolve: () => void; reject: (e: unknown) => void }[] = [];

  async function writeOnce(json: string): Promise<void> {
    const handle = await fs.promises.open(tmp, 'w');
    try {
      await handle.writeFile(json);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  }

  function settle(upTo: number, error?: unknown): void {
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
        const json = JSON.stringify(snapshot());
        try {
          await writeOnce(json);
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
