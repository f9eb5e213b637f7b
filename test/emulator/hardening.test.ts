import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { createEmulator, EmulatorError, serveEmulator } from '../../src/emulator/index.js';
import { createPersistence } from '../../src/emulator/persistence.js';
import { emptyState } from '../../src/emulator/state.js';
import { signedInUser, signedRequest, startFixture, statusAndType, transports, type Fixture } from './support.js';

const JSON_TYPE = { 'content-type': 'application/json' };

/** `[[[…]]]` nested `depth` levels. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** `{"a":{"a":…{}}}` nested `depth` levels (the outer object counts). */
const nestedObject = (depth: number): unknown => {
  let value: unknown = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
};

describe.each(transports)('emulator JSON nesting limit (%s)', (transport) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture(transport);
  });
  afterEach(async () => {
    await f.close();
  });

  it('refuses attributes nested deeper than 32 levels on a signed route with 400 invalid_parameter, and keeps serving', async () => {
    const alice = await signedInUser(f, 'alice@example.com');
    const path = `/v1/auth/users/${alice.user.id}/attributes`;
    // The attack: 2,500 nested arrays in 5 KB.
    const deep = `{"attributes":{"x":${nestedArrays(2500)}}}`;
    const answer = await signedRequest(f, 'PATCH', path, { body: deep, headers: JSON_TYPE });
    const body = (await answer.json()) as { type: string; message: string; data: unknown };
    expect([answer.status, body.type, body.data]).toEqual([400, 'invalid_parameter', { max_depth: 32 }]);
    expect(body.message).toMatch(/deeper than 32 levels/);
    // 32 levels in all are accepted: the body object, "attributes", then 30 more.
    const atLimit = JSON.stringify({ attributes: nestedObject(31) });
    expect((await signedRequest(f, 'PATCH', path, { body: atLimit, headers: JSON_TYPE })).status).toBe(200);
    const overLimit = JSON.stringify({ attributes: nestedObject(32) });
    expect(await statusAndType(await signedRequest(f, 'PATCH', path, { body: overLimit, headers: JSON_TYPE }))).toEqual([400, 'invalid_parameter']);
    // Brackets inside strings are text, not nesting.
    expect((await signedRequest(f, 'PATCH', path, { body: JSON.stringify({ attributes: { s: '[{'.repeat(100) } }), headers: JSON_TYPE })).status).toBe(200);
    expect((await f.api.getSaasUsers()).users).toHaveLength(1);
  });

  it('refuses a deep state on the control import (HTTP and in-process) and keeps the current state', async () => {
    await f.api.signUp({ email: 'kept@example.com' });
    const state = f.emulator.control.exportState();
    const user = Object.values(state.users)[0];
    if (!user) throw new Error('no user');
    user.attributes = { x: JSON.parse(nestedArrays(2500)) as unknown };
    const put = await f.fetch(`${f.baseURL}/_emulator/state`, { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify(state) });
    expect(await statusAndType(put)).toEqual([400, 'invalid_parameter']);
    expect(() => f.emulator.control.importState(state)).toThrow(EmulatorError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    user.attributes = cyclic;
    expect(() => f.emulator.control.importState(state)).toThrow(/deeper than/);
    expect((await f.api.getSaasUsers()).users).toEqual([expect.objectContaining({ email: 'kept@example.com' })]);
  });
});

describe('emulator state file (--data)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saasus-emulator-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a failed state write with 500 internal_error, never ends the process, and writes again once it can', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const dataDir = join(dir, 'data');
    await mkdir(dataDir);
    const file = join(dataDir, 'state.json');
    const served = await serveEmulator(createEmulator({ dataFile: file }), { port: 0 });
    try {
      const api = createSaasUserApi({ baseURL: served.url, ...createEmulator().credentials, retry: false });
      await api.signUp({ email: 'one@example.com' });
      // The directory goes away under the running server: the next write cannot happen.
      await rm(dataDir, { recursive: true });
      await expect(api.signUp({ email: 'two@example.com' })).rejects.toMatchObject({ status: 500, type: 'internal_error' });
      expect((await fetch(`${served.url}/_emulator/health`)).status).toBe(200);
      expect((await api.getSaasUsers()).users).toHaveLength(2);

      await mkdir(dataDir);
      await api.signUp({ email: 'three@example.com' });
      const written = JSON.parse(await readFile(file, 'utf8')) as { users: Record<string, { email: string }> };
      expect(Object.values(written.users).map((u) => u.email).sort()).toEqual(['one@example.com', 'three@example.com', 'two@example.com']);
    } finally {
      await served.close();
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });

  it('reports a state that cannot be serialised as a failed write, and writes the next one', async () => {
    const file = join(dir, 'state.json');
    let serialisable = false;
    const persistence = createPersistence(file, () => {
      if (!serialisable) throw new RangeError('Maximum call stack size exceeded');
      return emptyState();
    });
    await expect(persistence.save()).rejects.toThrow(RangeError);
    serialisable = true;
    await persistence.save();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('removes temp files a killed writer left behind at start, and keeps other files', async () => {
    const file = join(dir, 'state.json');
    const dead = 2_147_483_000; // no such process
    await writeFile(`${file}.${dead}.tmp`, '{"partial":');
    await writeFile(`${file}.${process.pid}.tmp`, '{"partial":');
    await writeFile(join(dir, 'other.json.123.tmp'), 'not ours');
    await writeFile(join(dir, 'notes.txt'), 'not ours');
    const emulator = createEmulator({ dataFile: file });
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'other.json.123.tmp']);
    await emulator.close();
  });

  it('creates the state file owner-only (0600), and makes an existing file owner-only on the next write', async () => {
    const file = join(dir, 'state.json');
    const emulator = createEmulator({ dataFile: file });
    const api = createSaasUserApi({ baseURL: 'http://emulator.test', ...emulator.credentials, fetch: emulator.fetch, retry: false });
    await api.signUp({ email: 'secret-holder@example.com' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await emulator.close();

    await chmod(file, 0o644);
    const again = createEmulator({ dataFile: file });
    again.control.clock.advance(1);
    await again.close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
