/**
 * Emulator throughput on loopback: requests per second, latency percentiles and server CPU time
 * per request of a signed `getSaasUser` and of an unsigned control call
 * (`GET /_emulator/outbox?to=…`), against a bare node:http server answering the same JSON, all
 * measured in the same run and printed as ratios.
 *
 * The servers run in a child process (this file with `--serve`), the load generator here, so
 * they do not share a thread. Closed loop: CONCURRENCY keep-alive connections, each sending its
 * next request when the previous answer arrived. Targets take turns in ROUNDS rounds of ROUND_MS,
 * so background noise hits all of them alike. On a small machine the load generator can be the
 * bottleneck (then req/s ratios approach 1); the server's CPU time per request, read from the
 * child's `process.cpuUsage()` around each round, does not depend on that.
 * Bounded: ~ROUNDS × 3 × ROUND_MS plus start-up.
 *
 *   npm run bench:emulator
 *   CONCURRENCY=32 ROUNDS=5 ROUND_MS=2000 npm run bench:emulator
 */
import { spawn } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSaasUserApi } from '../src/api/index.js';
import { signRequest } from '../src/api/signing.js';
import { createEmulator, serveEmulator } from '../src/emulator/index.js';

const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 16);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const ROUND_MS = Math.min(Number(process.env['ROUND_MS'] ?? 1500), 10_000);
const WARMUP_MS = 500;

interface Endpoints {
  emulator: string;
  bare: string;
  userId: string;
  credentials: { saasId: string; apiKey: string; secretKey: string };
}

/** Child mode: an emulator with one user, and a bare JSON server answering that user. */
async function serve(): Promise<void> {
  const emulator = createEmulator();
  const api = createSaasUserApi({ baseURL: 'http://bench.test', ...emulator.credentials, fetch: emulator.fetch });
  const user = await api.signUp({ email: 'bench@example.com' });
  const served = await serveEmulator(emulator, { port: 0 });
  const body = JSON.stringify(user);
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-saasus-trace-id': crypto.randomUUID() });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const endpoints: Endpoints = {
    emulator: served.url,
    bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
    userId: user.id,
    credentials: emulator.credentials,
  };
  process.stdout.write(`${JSON.stringify(endpoints)}\n`);
  // Each line on stdin asks for the CPU time used so far (µs).
  process.stdin.on('data', () => {
    const { user: cpuUser, system } = process.cpuUsage();
    process.stdout.write(`${cpuUser + system}\n`);
  });
  process.stdin.on('end', () => process.exit(0));
}

interface Servers {
  endpoints: Endpoints;
  /** CPU time (user + system, µs) the server process used so far. */
  cpu(): Promise<number>;
  stop(): void;
}

function startServers(): Promise<Servers> {
  // SERVER_NODE_ARGS: extra node flags for the server process, e.g. `--cpu-prof --cpu-prof-dir=prof`.
  const extra = (process.env['SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', new URL(import.meta.url).pathname, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: ((line: string) => void)[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server process exited with ${String(code)}`)));
    void nextLine().then((line) =>
      resolve({
        endpoints: JSON.parse(line) as Endpoints,
        cpu: async () => {
          const answer = nextLine();
          child.stdin.write('cpu\n');
          return Number(await answer);
        },
        stop: () => child.stdin.end(),
      }),
    );
  });
}

type Target = { name: string; url: string; headers: () => Promise<Record<string, string>> };

/** One closed-loop run of `ms`: returns per-request latencies (µs). */
async function load(target: Target, agent: Agent, ms: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + ms;
  const one = async (): Promise<void> => {
    const headers = await target.headers();
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = request(target.url, { agent, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${target.name}: HTTP ${String(res.statusCode)}`));
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    latencies.push((performance.now() - start) * 1000);
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  return latencies;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

async function main(): Promise<void> {
  const servers = await startServers();
  const { endpoints } = servers;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const path = `/v1/auth/users/${endpoints.userId}`;
  const signedUrl = `${endpoints.emulator}${path}`;
  // The signature covers the minute: cache it per minute, as a busy back end could.
  let cached: { minute: number; header: string } | undefined;
  const targets: Target[] = [
    { name: 'bare node:http JSON', url: `${endpoints.bare}${path}`, headers: async () => ({}) },
    {
      name: 'emulator getSaasUser (signed)',
      url: signedUrl,
      headers: async () => {
        const minute = Math.floor(Date.now() / 60_000);
        if (cached?.minute !== minute) cached = { minute, header: await signRequest(endpoints.credentials, { method: 'GET', url: signedUrl }) };
        return { authorization: cached.header };
      },
    },
    { name: 'emulator control (unsigned)', url: `${endpoints.emulator}/_emulator/outbox?to=bench%40example.com`, headers: async () => ({}) },
  ];
  for (const target of targets) await load(target, agent, WARMUP_MS);
  const samples = targets.map((): { latencies: number[]; ms: number; cpuUs: number } => ({ latencies: [], ms: 0, cpuUs: 0 }));
  // Per round and target: [req/s, server CPU µs per request], for the per-round ratios the goals use.
  const perRound: Array<Array<[number, number]>> = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, target] of targets.entries()) {
      const cpuBefore = await servers.cpu();
      const start = performance.now();
      const latencies = await load(target, agent, ROUND_MS);
      const ms = performance.now() - start;
      const cpuUs = (await servers.cpu()) - cpuBefore;
      perRound[i]?.push([latencies.length / (ms / 1000), cpuUs / latencies.length]);
      const sample = samples[i];
      if (sample) {
        sample.ms += ms;
        sample.cpuUs += cpuUs;
        sample.latencies.push(...latencies);
      }
    }
  }
  agent.destroy();
  servers.stop();

  const rows = samples.map((s, i) => {
    const sorted = [...s.latencies].sort((a, b) => a - b);
    const cpu = s.cpuUs / s.latencies.length;
    return { name: targets[i]?.name ?? '', rps: s.latencies.length / (s.ms / 1000), p50: pct(sorted, 50), p99: pct(sorted, 99), cpu };
  });
  const base = rows[0];
  const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '-');
  console.log(`emulator throughput — loopback, ${CONCURRENCY} keep-alive connections, ${ROUNDS} rounds × ${ROUND_MS} ms per target, node ${process.version}`);
  console.log('target                          req/s   p50 µs   p99 µs  server CPU µs/req   req/s vs bare   p99 vs bare   CPU/req vs bare');
  for (const row of rows) {
    console.log(
      [
        row.name.padEnd(30),
        row.rps.toFixed(0).padStart(7),
        row.p50.toFixed(0).padStart(8),
        row.p99.toFixed(0).padStart(8),
        row.cpu.toFixed(1).padStart(18),
        ratio(row.rps, base?.rps).padStart(15),
        ratio(row.p99, base?.p99).padStart(13),
        ratio(row.cpu, base?.cpu).padStart(17),
      ].join(' '),
    );
  }
  // Goals: the signed getSaasUser against bare node:http, each ratio the median of the per-round ratios.
  const bareRounds = perRound[0] ?? [];
  const signedRounds = perRound[1] ?? [];
  const cpuRatio = median(signedRounds.map(([, cpu], r) => cpu / (bareRounds[r]?.[1] ?? NaN)));
  const rpsRatio = median(signedRounds.map(([rps], r) => rps / (bareRounds[r]?.[0] ?? NaN)));
  const p99 = (rows[1]?.p99 ?? NaN) / 1000;
  console.log(`signed getSaasUser / bare per round: CPU ${signedRounds.map(([, c], r) => (c / (bareRounds[r]?.[1] ?? NaN)).toFixed(2)).join(', ')}; req/s ${signedRounds.map(([q], r) => (q / (bareRounds[r]?.[0] ?? NaN)).toFixed(2)).join(', ')}`);
  console.log(`goal emulator-cpu-per-request: ${cpuRatio.toFixed(2)}x bare node:http (<= 1.6) ${cpuRatio <= 1.6 ? 'met' : 'missed'}`);
  console.log(`goal emulator-req-per-s: ${rpsRatio.toFixed(2)}x bare node:http (>= 0.7) ${rpsRatio >= 0.7 ? 'met' : 'missed'}`);
  console.log(`goal emulator-p99: ${p99.toFixed(2)} ms (<= 5) ${p99 <= 5 ? 'met' : 'missed'}`);
}

/** Median of a list (the upper middle one for an even count). */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

if (process.argv.includes('--serve')) await serve();
else await main();
