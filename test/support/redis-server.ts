import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer, connect } from 'node:net';
import { delimiter, join } from 'node:path';

/** A redis-server process on loopback, persistence off, started and stopped by a test file. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGKILL by default: a crash) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (empty: persistence is off) and waits for PING. */
  restart(): Promise<void>;
}

const INSTALL_HINT = 'redis-server is not installed: install it with `apt-get install -y redis-server` (Debian), or set REDIS_SERVER to its path';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The redis-server binary: $REDIS_SERVER if set, else the first on PATH, else a fallback
 * (/usr/bin/redis-server). Throws, saying how to install it, when there is none.
 */
export function redisServerBinary(env: NodeJS.ProcessEnv = process.env, fallbacks: readonly string[] = ['/usr/bin/redis-server']): string {
  if (env.REDIS_SERVER) {
    if (isExecutable(env.REDIS_SERVER)) return env.REDIS_SERVER;
    throw new Error(`REDIS_SERVER=${env.REDIS_SERVER} is not an executable file. ${INSTALL_HINT}`);
  }
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'redis-server'));
  const found = [...onPath, ...fallbacks].find(isExecutable);
  if (found === undefined) throw new Error(INSTALL_HINT);
  return found;
}

/** A TCP port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** One PING over a raw socket: true when the server answers +PONG. */
async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts Debian's redis-server on a free loopback port with persistence off
 * (`--save '' --appendonly no`; with `appendOnlyDir`, an fsync-always append-only file there, so
 * that a restart keeps the data) and waits until it answers PING. Fails, never skips, when the
 * binary is missing.
 */
export async function startRedisServer(options: { appendOnlyDir?: string } = {}): Promise<RedisServer> {
  const binary = redisServerBinary();
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  async function launch(): Promise<void> {
    output = '';
    // With appendOnlyDir, every write is fsynced to an append-only file there: a restart keeps the data.
    const persistence = options.appendOnlyDir === undefined ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.appendOnlyDir];
    const proc = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--daemonize', 'no', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    let gone = false;
    exited = new Promise<void>((resolve) => {
      proc.once('exit', () => {
        gone = true;
        resolve();
      });
      proc.once('error', (error) => {
        output += String(error);
        gone = true;
        resolve();
      });
    });
    for (let waited = 0; waited < 10_000; waited += 25) {
      if (gone) throw new Error(`redis-server exited before answering PING:\n${output}`);
      if (await ping(port)) return;
      await sleep(25);
    }
    proc.kill('SIGKILL');
    throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output}`);
  }

  async function stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  }

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      await launch();
    },
  };
}
