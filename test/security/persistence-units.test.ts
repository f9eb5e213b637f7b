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
    const names = ['state.json.999999999.tmp', `state.json.${process.pid}.tmp`, `state.json.${process.ppid}.tmp`, 'state.json.abc.tmp', 'state.json.12.txt', 'other.json.999999999.tmp', 'state.json.tmp'];
    for (const name of names) fs.writeFileSync(join(dir, name), 'x');
    createPersistence(file, () => state);
    expect(fs.readdirSync(dir).sort()).toEqual([`state.json.${process.ppid}.tmp`, 'state.json.abc.tmp', 'state.json.12.txt', 'other.json.999999999.tmp', 'state.json.tmp'].sort());
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
});
