import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { createEmulator, defaultEmulatorCredentials } from '../../src/emulator/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `saasus-flows emulator --port 0 --data FILE` and waits for its base URL. */
function startCli(file: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'emulator', '--port', '0', '--data', file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${out}${err}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, exited });
      }
    });
    void exited.then(({ code }) => reject(new Error(`the emulator exited with ${String(code)}: ${out}${err}`)));
  });
}

const clientFor = (url: string) => createSaasUserApi({ baseURL: url, ...defaultEmulatorCredentials, retry: false, timeout: 5_000 });

describe('emulator --data restart', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const run of cleanup.splice(0)) await run();
  });

  it('keeps every acknowledged write across a SIGKILL in the middle of a write load, with a loadable file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'saasus-emulator-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'state.json');

    const first = await startCli(file);
    cleanup.push(async () => first.child.kill('SIGKILL'));
    const api = clientFor(first.url);
    const acknowledged: string[] = [];
    let attempted = 0;
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const email = `w${w}-${i}@example.com`;
        attempted += 1;
        try {
          await api.signUp({ email });
          acknowledged.push(email);
        } catch {
          return; // the process died under this request
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    while (acknowledged.length < 60) await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill('SIGKILL'); // requests are in flight, and so (most likely) is a write
    expect((await first.exited).signal).toBe('SIGKILL');
    stop = true;
    await load;

    const text = await readFile(file, 'utf8');
    expect(() => createEmulator().control.importState(JSON.parse(text))).not.toThrow();
    expect((await readdir(dir)).filter((name) => !name.endsWith('.tmp'))).toEqual(['state.json']);

    const second = await startCli(file);
    cleanup.push(async () => second.child.kill('SIGKILL'));
    const users = (await clientFor(second.url).getSaasUsers()).users.map((u) => u.email);
    expect(users).toEqual(expect.arrayContaining(acknowledged));
    expect(users.length).toBeLessThanOrEqual(attempted);
    expect(new Set(users).size).toBe(users.length);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
