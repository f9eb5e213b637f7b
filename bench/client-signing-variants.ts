/**
 * Where the signed client's cost over raw fetch goes: the client signed with node:crypto, with a
 * pre-keyed @noble/hashes HMAC, with two one-shot `crypto.hash` calls, with a fake HMAC giving a
 * different hex text each call, and with a constant one, against raw fetch and the unsigned
 * client, interleaved call by call on one loopback node:http server; medians, ratios to the
 * first variant. A diagnostic for docs/performance.md (no goal line: `npm run bench:client`
 * judges the goal).
 *
 *   npx tsx bench/client-signing-variants.ts
 *   V=raw,signed,signedvary N=5000 npx tsx bench/client-signing-variants.ts
 */
import crypto from 'node:crypto';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSaasUserApi } from '../src/api/index.js';
import { creds, startUserServer, userId } from './user-server.js';

const { server, origin, url } = await startUserServer();

const encoder = new TextEncoder();
const nobleKeyed = nobleHmac.create(sha256, encoder.encode(creds.secretKey));
const pad = (byte: number) => {
  const key = Buffer.alloc(64);
  Buffer.from(creds.secretKey).copy(key);
  return Buffer.from(key.map((b) => b ^ byte));
};
const [ipad, opad] = [pad(0x36), pad(0x5c)];
const asBuffer = (m: string | Uint8Array) => (typeof m === 'string' ? Buffer.from(m) : m);
let counter = 0;

const clients = {
  unsigned: createSaasUserApi({ sign: false, baseURL: origin }),
  signed: createSaasUserApi({ ...creds, baseURL: origin }),
  signednoble: createSaasUserApi({ ...creds, baseURL: origin, hmac: (_k, m) => bytesToHex(nobleKeyed.clone().update(asBuffer(m)).digest()) }),
  signedhash2: createSaasUserApi({
    ...creds,
    baseURL: origin,
    hmac: (_k, m) => crypto.hash('sha256', Buffer.concat([opad, Buffer.from(crypto.hash('sha256', Buffer.concat([ipad, asBuffer(m)]), 'hex'), 'hex')]), 'hex'),
  }),
  signedvary: createSaasUserApi({ ...creds, baseURL: origin, hmac: () => (++counter).toString(16).padStart(64, '0') }),
  signedfake: createSaasUserApi({ ...creds, baseURL: origin, hmac: () => 'a'.repeat(64) }),
};
const variants: Record<string, () => Promise<unknown>> = {
  raw: async () => (await fetch(url, { headers: { accept: 'application/json' } })).json(),
  ...Object.fromEntries(Object.entries(clients).map(([name, api]) => [name, () => api.getSaasUser(userId)])),
};

const which = (process.env['V'] ?? Object.keys(variants).join(',')).split(',');
const N = Number(process.env['N'] ?? 3000);
const times = new Map<string, number[]>(which.map((v) => [v, []]));
const runOf = (v: string) => {
  const run = variants[v];
  if (!run) throw new Error(`unknown variant ${v}`);
  return run;
};
for (let i = 0; i < 300; i++) for (const v of which) await runOf(v)();
for (let i = 0; i < N; i++) {
  for (const v of which) {
    const start = performance.now();
    await runOf(v)();
    times.get(v)?.push((performance.now() - start) * 1000);
  }
}
server.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
const base = median(times.get(which[0] ?? '') ?? []);
for (const v of which) {
  const m = median(times.get(v) ?? []);
  console.log(`${v.padEnd(14)} ${m.toFixed(1).padStart(7)} µs  ${(m / base).toFixed(3)}x`);
}
