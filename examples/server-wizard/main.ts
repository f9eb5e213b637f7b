/**
 * The server-rendered wizard, run as a small cluster on loopback: a served emulator, a
 * redis-server (started here when installed), two app instances (two processes, see
 * instance.ts) and a round-robin front that spreads the requests over them. Without
 * redis-server it falls back to one instance on the memory store, and says so.
 * Run with `npm run example:server` (PORT to change the front's port, default 5180).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createEmulator, serveEmulator, type Emulator } from 'saasus-flows/emulator';

const here = fileURLToPath(new URL('.', import.meta.url));

/** One app instance process. */
export interface WizardInstance {
  name: string;
  port: number;
  /** Everything it logged (one line per request). */
  log(): string;
  /** Kills it at once (SIGKILL). */
  kill(): void;
}

/** The running cluster. */
export interface ServerWizard {
  /** The front's URL: open it in a browser. */
  url: string;
  emulator: Emulator;
  instances: WizardInstance[];
  /** `redis` (two instances) or `memory` (one, redis-server not installed). */
  store: 'redis' | 'memory';
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server, 0);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function waitFor(child: ChildProcess, pattern: RegExp, output: () => string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output());
      if (match) {
        child.stdout?.off('data', check);
        resolve(match);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', () => reject(new Error(`process exited before ready:\n${output()}`)));
    setTimeout(() => reject(new Error(`not ready in 20 s:\n${output()}`)), 20_000).unref();
  });
}

async function startRedis(children: ChildProcess[]): Promise<string | undefined> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await waitFor(child, /Ready to accept connections/, () => output);
  return `redis://127.0.0.1:${port}`;
}

async function startInstance(name: string, env: Record<string, string>, children: ChildProcess[]): Promise<WizardInstance> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'instance.ts')], { env: { ...process.env, ...env, INSTANCE: name, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const keep = (chunk: Buffer) => (output += chunk.toString('utf8'));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const [, port] = await waitFor(child, new RegExp(`\\[${name}\\] listening (\\d+)`), () => output);
  return { name, port: Number(port), log: () => output, kill: () => child.kill('SIGKILL') };
}

/**
 * A round-robin front: each request goes to the next instance; one that does not answer is
 * skipped. The emulator's hosted sign-in page (`/_emulator/login` only) is shown on the front's
 * origin, as SaaSus's is on its own domain: its forms may only post to, and redirect from, their
 * own origin, so the redirect to the app's callback must not cross origins.
 */
function front(instances: WizardInstance[], emulator: { port: number }): Server {
  let next = 0;
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signIn = new URL(req.url ?? '/', 'http://front').pathname === '/_emulator/login';
      const attempt = (tries: number) => {
        const port = signIn ? emulator.port : instances[next++ % instances.length]!.port;
        const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => {
          if (tries > 1) attempt(tries - 1);
          else if (!res.headersSent) res.writeHead(502).end('No instance answered');
        });
        upstream.end(body);
      };
      attempt(instances.length);
    });
  });
}

/** Starts the emulator, Redis (when installed), the instances and the front. */
export async function startServerWizard(options: { port?: number } = {}): Promise<ServerWizard> {
  const children: ChildProcess[] = [];
  const emulator = createEmulator();
  const instances: WizardInstance[] = [];
  const upstream = { port: 0 };
  const server = front(instances, upstream);
  const port = await listen(server, options.port ?? 0);
  // The sign-in page answers to the front's Host (it is shown on the front's origin).
  const served = await serveEmulator(emulator, { allowedHosts: [`127.0.0.1:${port}`] });
  upstream.port = Number(new URL(served.url).port);
  try {
    const redisUrl = await startRedis(children);
    const env: Record<string, string> = { EMULATOR_URL: served.url, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) };
    const names = redisUrl ? ['a', 'b'] : ['a'];
    instances.push(...(await Promise.all(names.map((name) => startInstance(name, env, children)))));
    return {
      url: `http://127.0.0.1:${port}`,
      emulator,
      instances,
      store: redisUrl ? 'redis' : 'memory',
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await served.close();
      },
    };
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    server.close();
    await served.close();
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const wizard = await startServerWizard({ port: Number(process.env.PORT ?? 5180) });
  if (wizard.store === 'memory') console.log('redis-server is not installed: running ONE instance on the memory store (apt-get install redis-server for two).');
  else console.log(`Two instances (${wizard.instances.map((i) => `${i.name} on :${i.port}`).join(', ')}) sharing one Redis and one emulator.`);
  console.log(`Server-rendered wizard (no client JavaScript): ${wizard.url}`);
  const stop = () => void wizard.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
