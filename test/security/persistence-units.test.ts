/**
 * The emulator's state file, pinned down at the persistence layer: owner-only mode, stale temp
 * files of dead writers removed (and a live writer's kept), load errors told apart, and
 * group-committed saves that resolve only after their write.
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPersistence } from '../../src/emulator/persistence.js';
import { createEmulator } from '../../src/emulator/index.js';
import type { EmulatorState } from '../../src/emulator/state.js';

describe('createPersistence (security)', () => {
  let dir: string;
  let file: string;
  let state: EmulatorState;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saasus-persist-'));
    file = join(dir, 'state.json');
    const emulator = createEmulator();
    state = emulator.control.exportState();
    await emulator.close();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes an owner-only file that loads back, and reads a missing file as no state', async () => {
    const persistence = createPersistence(file, () => state);
    expect(persistence.load()).toBeUndefined();
    await persistence.save();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(persistence.load()).toEqual(state);
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('tells a corrupt file from an unreadable one', () => {
    fs.writeFileSync(file, '{"version":');
    expect(() => createPersistence(file, () => state).load()).toThrow(new RegExp(`^createEmulator: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a valid emulator state file: `));
    const asDir = join(dir, 'a-directory');
    fs.mkdirSync(asDir);
    expect(() => createPersistence(asDir, () => state).load()).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });

  it('removes the temp files of dead writers and of its own pid, and keeps a live writer\'s and any other file', () => {
    const kept = [
      `state.json.${process.ppid}.tmp`,
      'state.json.abc.tmp',
      'state.json.12.txt',
      'state.json.999999999.txt',
      'state.json.a999999999.tmp',
      'state.json.999999999a.tmp',
      'state.json.999999999.tmpx',
      'other.json.999999999.tmp',
      'state.json.tmp',
    ];
    for (const name of ['state.json.999999999.tmp', `state.json.${process.pid}.tmp`, ...kept]) fs.writeFileSync(join(dir, name), 'x');
    createPersistence(file, () => state);
    expect(fs.readdirSync(dir).sort()).toEqual(kept.sort());
  });

  it('starts without a directory, and reports the failed write to save()', async () => {
    const missing = join(dir, 'missing', 'state.json');
    const persistence = createPersistence(missing, () => state);
    await expect(persistence.save()).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(persistence.flush()).resolves.toBeUndefined();
  });

  it('resolves save() only once a write including its change has finished, sharing writes', async () => {
    let version = 0;
    const persistence = createPersistence(file, () => ({ ...state, clockOffsetMs: version }));
    version = 1;
    const first = persistence.save();
    version = 2;
    const second = persistence.save();
    const third = persistence.save();
    version = 3;
    await Promise.all([first, second, third]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).clockOffsetMs).toBeGreaterThanOrEqual(2);
    await persistence.flush();
    version = 4;
    const fourth = persistence.save();
    await persistence.flush();
    await fourth;
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).clockOffsetMs).toBe(4);
  });

  it('a state that cannot be serialised is a failed write, and the next save still writes', async () => {
    let broken = true;
    const persistence = createPersistence(file, () => (broken ? ({ toJSON: () => { throw new Error('cannot serialise'); } } as unknown as EmulatorState) : state));
    await expect(persistence.save()).rejects.toThrow('cannot serialise');
    broken = false;
    await persistence.save();
    expect(persistence.load()).toEqual(state);
  });

  it('keeps the temp file of a writer it may not signal (EPERM: alive, someone else\'s) and removes a gone one\'s (ESRCH)', () => {
    for (const name of ['state.json.424242.tmp', 'state.json.434343.tmp']) fs.writeFileSync(join(dir, name), 'x');
    const kill = vi.spyOn(process, 'kill').mockImplementation((pid: number) => {
      throw Object.assign(new Error('kill'), { code: pid === 424242 ? 'EPERM' : 'ESRCH' });
    });
    createPersistence(file, () => state);
    expect(kill).toHaveBeenCalledWith(424242, 0);
    expect(fs.readdirSync(dir)).toEqual(['state.json.424242.tmp']);
  });

  it('needs node:fs from the runtime, and says so when there is none', () => {
    const message = 'createEmulator: "dataFile" needs a runtime with node:fs (Node.js 20.16+).';
    const original = process.getBuiltinModule;
    try {
      process.getBuiltinModule = ((id: string) => (id === 'node:fs' ? undefined : original(id))) as typeof process.getBuiltinModule;
      expect(() => createPersistence(file, () => state)).toThrow(new TypeError(message));
      process.getBuiltinModule = undefined as unknown as typeof process.getBuiltinModule;
      expect(() => createPersistence(file, () => state)).toThrow(new TypeError(message));
    } finally {
      process.getBuiltinModule = original;
    }
    const realProcess = globalThis.process;
    let thrown: unknown;
    try {
      // No `process` at all (a browser or worker): nothing else runs while it is gone.
      (globalThis as { process?: unknown }).process = undefined;
      createPersistence(file, () => state);
    } catch (error) {
      thrown = error;
    } finally {
      globalThis.process = realProcess;
    }
    expect(thrown).toEqual(new TypeError(message));
  });

  it('closes the file handle of every write, the failed ones too', async () => {
    const handles: fs.promises.FileHandle[] = [];
    const open = fs.promises.open.bind(fs.promises);
    vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof fs.promises.open>) => {
      const handle = await open(...args);
      handles.push(handle);
      return handle;
    });
    let broken = false;
    const persistence = createPersistence(file, () => state);
    await persistence.save();
    vi.spyOn(fs.promises, 'rename').mockImplementation(async () => {
      if (broken) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    });
    broken = true;
    await expect(persistence.save()).rejects.toThrow('EIO');
    expect(handles).toHaveLength(2);
    for (const handle of handles) expect(handle.fd).toBe(-1);
  });

  it('flush() waits for a write asked for and not yet finished', async () => {
    let version = 0;
    const persistence = createPersistence(file, () => ({ ...state, clockOffsetMs: version }));
    version = 7;
    const saved = persistence.save();
    await persistence.flush();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).clockOffsetMs).toBe(7);
    await saved;
  });
});
