/**
 * The served emulator's fast path for plain operation GETs answers byte for byte what h3 answers:
 * one emulator is served twice, once with the fast path and once without, and the same raw
 * HTTP/1.1 requests (signed for each server's own Host) get the same status line, headers
 * (apart from Date, and the trace id when the emulator makes one) and body, and the same
 * request-log records.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { signRequest } from '../../src/api/signing.js';
import { emulatorFastPaths } from '../../src/emulator/emulator.js';
import { createEmulator, serveEmulator, type Emulator, type ServedEmulator } from '../../src/emulator/index.js';

let emulator: Emulator;
let fast: ServedEmulator;
let slow: ServedEmulator;
let userId: string;
let tenantId: string;
/** Requests the fast path answered (the rest went to h3). */
let fastTaken = 0;

beforeAll(async () => {
  emulator = createEmulator();
  const api = createSaasUserApi({ baseURL: 'http://saasus.test', ...emulator.credentials, fetch: emulator.fetch, retry: false });
  userId = (await api.signUp({ email: 'fast@example.com' })).id;
  tenantId = (await api.createTenant({ name: 'Fast', attributes: {}, back_office_staff_email: 'staff@example.com' })).id;
  const path = emulatorFastPaths.get(emulator);
  if (!path) throw new Error('createEmulator gave no fast path');
  emulatorFastPaths.set(emulator, (req, res) => {
    const taken = path(req, res);
    if (taken) fastTaken++;
    return taken;
  });
  fast = await serveEmulator(emulator, { port: 0 });
  expect(emulatorFastPaths.delete(emulator)).toBe(true);
  slow = await serveEmulator(emulator, { port: 0 });
});

afterAll(async () => {
  await fast.close();
  await slow.close();
});

/** Sends raw request text and reads the whole answer (the connection closes after it). */
function exchange(base: string, text: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

interface Case {
  name: string;
  method?: string;
  target: () => string;
  /** Extra header lines; `SIGNED` is replaced by the Authorization header signed for that server. */
  headers?: string[];
  /** Host header value for that server (default: its own `host:port`). */
  host?: (own: string) => string;
  /** Whether the trace id is the caller's (compared) or made by the emulator (only checked for shape). */
  traceEchoed?: boolean;
  before?: () => void;
  /** Whether the fast path takes it (else it hands it to h3). */
  taken: boolean;
}

const SIGNED = 'SIGNED';

const cases: Case[] = [
  { name: 'signed getSaasUser', taken: true, target: () => `/v1/auth/users/${userId}`, headers: [SIGNED] },
  { name: 'signed getSaasUser with a query', taken: true, target: () => `/v1/auth/users/${userId}?x=1&y=%20`, headers: [SIGNED] },
  { name: 'an echoed trace id', taken: true, target: () => `/v1/auth/users/${userId}`, headers: [SIGNED, 'X-SaaSus-Trace-Id: trace-123'], traceEchoed: true },
  { name: 'a refused trace id', taken: true, target: () => `/v1/auth/users/${userId}`, headers: [SIGNED, 'x-saasus-trace-id: a b'] },
  { name: 'unsigned', taken: true, target: () => `/v1/auth/users/${userId}` },
  { name: 'a wrong signature', taken: true, target: () => `/v1/auth/users/${userId}`, headers: [`Authorization: SAASUSSIGV1 Sig=${'0'.repeat(64)}, SaaSID=x, APIKey=y`] },
  { name: 'an unknown user', taken: true, target: () => '/v1/auth/users/nobody', headers: [SIGNED] },
  { name: 'signed getTenants', taken: true, target: () => '/v1/auth/tenants', headers: [SIGNED] },
  { name: 'signed getTenantUsers', taken: true, target: () => `/v1/auth/tenants/${tenantId}/users`, headers: [SIGNED] },
  { name: 'signed getUserMfaPreference', taken: true, target: () => `/v1/auth/users/${userId}/mfa/preference`, headers: [SIGNED] },
  { name: 'an encoded segment', taken: false, target: () => `/v1/auth/users/${encodeURIComponent(userId).replace(/-/g, '%2D')}`, headers: [SIGNED] },
  { name: 'a trailing slash', taken: false, target: () => `/v1/auth/users/${userId}/`, headers: [SIGNED] },
  { name: 'a dot segment', taken: false, target: () => '/v1/auth/users/..', headers: [SIGNED] },
  { name: 'HEAD', taken: false, method: 'HEAD', target: () => `/v1/auth/users/${userId}`, headers: [SIGNED] },
  { name: 'a POST-only path', taken: false, target: () => '/v1/auth/sign-up', headers: [SIGNED] },
  { name: 'two Authorization headers', taken: false, target: () => `/v1/auth/users/${userId}`, headers: [SIGNED, SIGNED] },
  { name: 'a port-less Host', taken: true, target: () => `/v1/auth/users/${userId}`, headers: [SIGNED], host: (own) => own.replace(/:\d+$/, '') },
  { name: 'an injected fault', taken: true, target: () => `/v1/auth/users/${userId}`, headers: [SIGNED], before: () => emulator.control.injectFault('getSaasUser', { status: 503 }) },
  {
    name: 'an injected 429', taken: true,
    target: () => `/v1/auth/users/${userId}`,
    headers: [SIGNED],
    before: () => emulator.control.injectFault('getSaasUser', { status: 429, type: 'too_many_requests' }),
  },
];

async function ask(server: ServedEmulator, c: Case): Promise<{ head: string[]; body: string; trace: string | undefined }> {
  const own = new URL(server.url).host;
  const host = c.host?.(own) ?? own;
  const target = c.target();
  const method = c.method ?? 'GET';
  const authorization = await signRequest(emulator.credentials, { method, url: `http://${host}${target}` });
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, ...(c.headers ?? []).map((h) => (h === SIGNED ? `Authorization: ${authorization}` : h)), 'Connection: close'];
  c.before?.();
  const answer = await exchange(server.url, `${lines.join('\r\n')}\r\n\r\n`);
  const split = answer.indexOf('\r\n\r\n');
  const head = answer.slice(0, split).split('\r\n');
  const trace = head.find((l) => l.toLowerCase().startsWith('x-saasus-trace-id:'));
  return {
    head: head.filter((l) => !/^date:/i.test(l) && (c.traceEchoed === true || !/^x-saasus-trace-id:/i.test(l))),
    body: answer.slice(split + 4),
    trace,
  };
}

describe('served fast path', () => {
  it.each(cases)('answers $name as h3 does', async (c) => {
    const log = () => emulator.control.requestLog().slice(-1);
    const takenBefore = fastTaken;
    const viaFast = await ask(fast, c);
    const fastLog = log();
    expect(fastTaken - takenBefore).toBe(c.taken ? 1 : 0);
    const viaH3 = await ask(slow, c);
    const h3Log = log();
    expect(fastTaken - takenBefore).toBe(c.taken ? 1 : 0);
    expect(viaFast.head).toEqual(viaH3.head);
    expect(viaFast.body).toEqual(viaH3.body);
    expect(fastLog).toEqual(h3Log);
    for (const { trace } of [viaFast, viaH3]) expect(trace).toMatch(c.traceEchoed === true ? /^x-saasus-trace-id: trace-123$/i : /^x-saasus-trace-id: [0-9a-f-]{36}$/i);
  });
});
