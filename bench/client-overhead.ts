/**
 * What the client adds to a call: sequential getSaasUser calls through the client (signed and
 * unsigned) against raw `fetch` (alone, and with a per-call timeout signal), on one loopback
 * node:http server, in one run; then SAASUSSIGV1 signing alone. The variants take turns call by
 * call, so load from anything else on the machine hits all of them alike; each figure is the
 * median of its per-call times, and the goal is judged on the median of the per-round ratios
 * (ROUNDS rounds of CALLS / ROUNDS calls).
 *
 *   npm run bench:client             # CALLS=3000 per variant after a warm-up
 *   CALLS=10000 npm run bench:client
 */
import { createSigner } from '../src/api/authorization.js';
import { createSaasUserApi } from '../src/api/index.js';
import { hmacSha256Hex, hmacSha256HexPortable, type HmacSha256Hex } from '../src/api/signing.js';
import { creds, startUserServer, userId } from './user-server.js';

const CALLS = Number(process.env['CALLS'] ?? 3000);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
/** The signed client's goal: at most this many times a raw fetch call. */
const GOAL = 1.05;
const WARMUP = 500;
const MAX_MS = 60_000;
const SIGN_OPS = 100_000;

const { server, origin, url } = await startUserServer();
const signed = createSaasUserApi({ ...creds, baseURL: origin });
const unsigned = createSaasUserApi({ sign: false, baseURL: origin });

const variants: [string, () => Promise<unknown>][] = [
  ['raw fetch', async () => (await fetch(url, { headers: { accept: 'application/json' } })).json()],
  // What a per-call signal costs fetch alone (the client needs one for its default timeout).
  ['fetch + signal', async () => (await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) })).json()],
  ['client, unsigned', () => unsigned.getSaasUser(userId)],
  ['client, signed', () => signed.getSaasUser(userId)],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

const urlPart = `127.0.0.1:8080/v1/auth/users/${userId}`;
const signer = createSigner(creds);

for (let i = 0; i < WARMUP; i++) for (const [, call] of variants) await call();
const times = variants.map((): number[] => []);
// Signing as the client does it, timed right after a call: caches are as cold as in real use.
const signInSitu: number[] = [];
const deadline = performance.now() + MAX_MS;
for (let i = 0; i < CALLS && performance.now() < deadline; i++) {
  for (const [v, [, call]] of variants.entries()) {
    const start = performance.now();
    await call();
    times[v]?.push((performance.now() - start) * 1000);
  }
  const start = performance.now();
  signer(new Date(), 'GET', urlPart, '');
  signInSitu.push((performance.now() - start) * 1000);
}
server.close();
const perCall = times.map(median);
const [raw = NaN, , unsignedClient = NaN, client = NaN] = perCall;
// Per-round ratios of the signed client to raw fetch, and their median.
const roundRatios = Array.from({ length: ROUNDS }, (_, r) => {
  const slice = (xs: number[] | undefined) => (xs ?? []).filter((_, i) => i % ROUNDS === r);
  return median(slice(times[3])) / median(slice(times[0]));
});

async function signCost(hmac: HmacSha256Hex, ops: number): Promise<number> {
  const sign = createSigner(creds, hmac);
  const date = new Date();
  for (let i = 0; i < Math.min(ops, 5_000); i++) await sign(date, 'GET', urlPart, '');
  const start = performance.now();
  for (let i = 0; i < ops; i++) await sign(date, 'GET', urlPart, '');
  return ((performance.now() - start) * 1000) / ops;
}
const signNode = await signCost(hmacSha256Hex, SIGN_OPS);
const signNoble = await signCost(hmacSha256HexPortable, SIGN_OPS / 10);
const signNodeInSitu = median(signInSitu);

const us = (n: number, digits = 1) => n.toFixed(digits).padStart(7);
const pct = (n: number) => `${((n / client) * 100).toFixed(2)}%`;
console.log(`client overhead — ${times[0]?.length ?? 0} sequential getSaasUser calls per variant, interleaved, loopback node:http, Node ${process.version}`);
for (const [v, [name]] of variants.entries()) {
  const t = perCall[v] ?? NaN;
  console.log(`  ${name.padEnd(17)} ${us(t)} µs/call (median)   ${(t / raw).toFixed(3)}x raw fetch`);
}
console.log(`  signed client adds ${us(client - raw)} µs/call over raw fetch (ratio ${(client / raw).toFixed(3)}); signed - unsigned = ${us(client - unsignedClient)} µs`);
console.log('signing alone (time text + HMAC-SHA256 + header), µs/op and % of a signed call:');
console.log(`  node:crypto, hot loop        ${us(signNode, 2)}   ${pct(signNode)}`);
console.log(`  node:crypto, between calls   ${us(signNodeInSitu, 2)}   ${pct(signNodeInSitu)}   (median, cold caches as in real use)`);
console.log(`  @noble/hashes, hot loop      ${us(signNoble, 2)}   ${pct(signNoble)}   (runtimes without node:crypto)`);
console.log(`signed client / raw fetch per round: ${roundRatios.map((r) => r.toFixed(3)).join(', ')}`);
const ratio = median(roundRatios);
console.log(`goal signed-client: ${ratio.toFixed(3)}x raw fetch (<= ${GOAL}) ${ratio <= GOAL ? 'met' : 'missed'}`);
