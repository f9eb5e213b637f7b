/**
 * The emulator's state file survives a write that fails half-way: the previous state stays
 * loadable, and no temp file is left behind. The failure is injected into `node:fs` itself
 * (the module the persistence layer gets from the runtime), so the real write path runs.
 */
import fs from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';

const apiFor = (emulator: Emulator) => createSaasUserApi({ baseURL: 'http://emulator.test', ...emulator.credentials, fetch: emulator.fetch, retry: false });

/** Makes every `fs.promises.open(..., 'w')` return a handle whose write stores half the text, then fails with ENOSPC. */
function failWritesHalfWay() {
  const open = fs.promises.open.bind(fs.promises);
  return vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof fs.promises.open>) => {
    const handle = await open(...args);
    if (args[1] !== 'w') return handle;
    const writeFile = handle.writeFile.bind(handle);
    return Object.assign(Object.create(handle) as fs.promises.FileHandle, {
      chmod: handle.chmod.bind(handle),
      datasync: handle.datasync.bind(handle),
      close: handle.close.bind(handle),
      writeFile: async (data: string) => {
        await writeFile(data.slice(0, Math.floor(data.length / 2)));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    });
  });
}

describe('state file writes (security)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saasus-state-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('a write that fails half-way leaves the previous state file loadable and untouched', async () => {
    const file = join(dir, 'state.json');
    const first = createEmulator({ dataFile: file });
    const kept = await apiFor(first).signUp({ email: 'kept@example.com' });
    await first.close();
    const before = fs.readFileSync(file, 'utf8');
    expect(JSON.parse(before)).toMatchObject({ version: 1 });

    const second = createEmulator({ dataFile: file });
    const spy = failWritesHalfWay();
    // The change is refused or reported; either way the state file must still be the old one.
    await apiFor(second).signUp({ email: 'lost@example.com' }).catch(() => undefined);
    await second.close().catch(() => undefined);
    expect(spy.mock.calls.some((call) => call[1] === 'w')).toBe(true);
    vi.restoreAllMocks();

    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const third = createEmulator({ dataFile: file });
    const users = Object.values(third.control.exportState().users).map((user) => user.email);
    expect(users).toContain('kept@example.com');
    expect(third.control.exportState().users[kept.id]).toBeDefined();
    await third.close();
    // The half-written temp file was removed.
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('a write whose rename fails leaves the previous state file loadable and no temp file', async () => {
    const file = join(dir, 'state.json');
    const first = createEmulator({ dataFile: file });
    await apiFor(first).signUp({ email: 'kept@example.com' });
    await first.close();
    const before = fs.readFileSync(file, 'utf8');

    const second = createEmulator({ dataFile: file });
    const spy = vi.spyOn(fs.promises, 'rename').mockRejectedValue(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }));
    await apiFor(second).signUp({ email: 'lost@example.com' }).catch(() => undefined);
    await second.close().catch(() => undefined);
    expect(spy).toHaveBeenCalled();
    vi.restoreAllMocks();

    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(() => createEmulator({ dataFile: file })).not.toThrow();
    expect(await readdir(dir)).toEqual(['state.json']);
  });
});
