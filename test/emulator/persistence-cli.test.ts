import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { main, type CliIo } from '../../src/cli/main.js';
import { createEmulator } from '../../src/emulator/index.js';

describe('emulator dataFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saasus-emulator-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every change and loads it into the next emulator, clock offset included', async () => {
    const file = join(dir, 'state.json');
    const first = createEmulator({ dataFile: file });
    const api = createSaasUserApi({ baseURL: 'http://emulator.test', ...first.credentials, fetch: first.fetch, retry: false });
    const user = await api.signUp({ email: 'kept@example.com' });
    first.control.clock.advance(42_000);
    await first.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, clockOffsetMs: 42_000 });

    const second = createEmulator({ dataFile: file });
    expect(second.control.exportState().users[user.id]).toMatchObject({ email: 'kept@example.com', status: 'FORCE_CHANGE_PASSWORD' });
    expect(second.control.latestMessage('kept@example.com')?.temporaryPassword).toEqual(first.control.latestMessage('kept@example.com')?.temporaryPassword);
  });

  it('has written a change made through the HTTP control surface when it answers', async () => {
    const file = join(dir, 'state.json');
    const emulator = createEmulator({ dataFile: file });
    const response = await emulator.fetch('http://emulator.test/_emulator/tenants', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme' }),
    });
    const tenant = (await response.json()) as { id: string };
    expect(response.status).toBe(201);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ tenants: { [tenant.id]: { name: 'Acme' } } });
    await emulator.close();
  });

  it('refuses a corrupt or foreign file instead of starting empty', async () => {
    const file = join(dir, 'state.json');
    await writeFile(file, '{"version":1,"users":');
    expect(() => createEmulator({ dataFile: file })).toThrow(TypeError);
    await writeFile(file, JSON.stringify({ version: 2 }));
    expect(() => createEmulator({ dataFile: file })).toThrow(/not a valid emulator state file/);
  });
});

describe('saasus-flows CLI', () => {
  const capture = () => {
    const lines = { out: [] as string[], err: [] as string[] };
    const io: CliIo = { out: (line) => lines.out.push(line), err: (line) => lines.err.push(line) };
    return { io, lines };
  };

  it('prints the emulator options for --help and exits 0', async () => {
    const { io, lines } = capture();
    expect(await main(['emulator', '--help'], io)).toBe(0);
    expect(lines.out.join('\n')).toMatch(/--port <n>[\s\S]*--data <file>/);
  });

  it('exits 2 for a bad port or an unknown option, and 1 for an unknown command', async () => {
    const bad = capture();
    expect(await main(['emulator', '--port', 'x'], bad.io)).toBe(2);
    expect(bad.lines.err.join('\n')).toContain('--port must be 0 to 65535');
    expect(await main(['emulator', '--nope'], capture().io)).toBe(2);
    const unknown = capture();
    expect(await main(['nope'], unknown.io)).toBe(1);
    expect(unknown.lines.err).toEqual(['saasus-flows: unknown command "nope".']);
  });
});
