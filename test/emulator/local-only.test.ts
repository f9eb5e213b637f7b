import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as runEmulatorCommand } from '../../src/cli/emulator-command.js';
import type { CliIo } from '../../src/cli/main.js';
import { createEmulator, serveEmulator, type ServedEmulator } from '../../src/emulator/index.js';
import { signedRequest, startFixture, statusAndType, type Fixture } from './support.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request over node:http with exactly these headers (fetch does not let a test set `Host`). */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const typeOf = (answer: RawAnswer): string | undefined => (JSON.parse(answer.body) as { type?: string }).type;

describe('emulator control surface and sign-in page: local, same-origin only (over HTTP)', () => {
  let f: Fixture;
  let port: string;
  beforeEach(async () => {
    f = await startFixture('over HTTP');
    port = new URL(f.baseURL).port;
    await f.api.signUp({ email: 'kept@example.com' });
  });
  afterEach(async () => {
    await f.close();
  });
  const users = () => Object.keys(f.emulator.control.exportState().users).length;

  it('answers the loopback names with the bound port as Host', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await raw(`${f.baseURL}/_emulator/outbox`, 'GET', { host })).status, host).toBe(200);
    }
  });

  it('refuses another Host (the shape of DNS rebinding) with 403 host_not_allowed, on control and sign-in routes', async () => {
    for (const host of ['attacker.example', `attacker.example:${port}`, 'localhost:1', '127.0.0.1']) {
      const outbox = await raw(`${f.baseURL}/_emulator/outbox`, 'GET', { host });
      expect([outbox.status, typeOf(outbox)], host).toEqual([403, 'host_not_allowed']);
      expect(outbox.body).not.toContain('kept@example.com');
    }
    const login = await raw(`${f.baseURL}/_emulator/login?redirect_uri=${encodeURIComponent('http://localhost:3000/cb')}`, 'GET', { host: 'attacker.example' });
    expect([login.status, typeOf(login)]).toEqual([403, 'host_not_allowed']);
    const reset = await raw(`${f.baseURL}/_emulator/reset`, 'POST', { host: 'attacker.example', 'content-type': 'application/json' });
    expect([reset.status, typeOf(reset)]).toEqual([403, 'host_not_allowed']);
    expect(users()).toBe(1);
  });

  it('refuses a cross-site write: a foreign Origin (403), text/plain or no content type (415); the state stays', async () => {
    const host = `127.0.0.1:${port}`;
    const foreign = await raw(`${f.baseURL}/_emulator/reset`, 'POST', { host, origin: 'http://attacker.example', 'content-type': 'application/json' }, '{}');
    expect([foreign.status, typeOf(foreign)]).toEqual([403, 'cross_site_request']);
    const otherPort = await raw(`${f.baseURL}/_emulator/reset`, 'POST', { host, origin: 'http://127.0.0.1:1', 'content-type': 'application/json' }, '{}');
    expect([otherPort.status, typeOf(otherPort)]).toEqual([403, 'cross_site_request']);
    const fetchMetadata = await raw(`${f.baseURL}/_emulator/reset`, 'POST', { host, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' });
    expect([fetchMetadata.status, typeOf(fetchMetadata)]).toEqual([403, 'cross_site_request']);
    const plain = await raw(`${f.baseURL}/_emulator/reset`, 'POST', { host, 'content-type': 'text/plain' }, '{}');
    expect([plain.status, typeOf(plain)]).toEqual([415, 'unsupported_media_type']);
    const none = await raw(`${f.baseURL}/_emulator/reset`, 'POST', { host });
    expect([none.status, typeOf(none)]).toEqual([415, 'unsupported_media_type']);
    const importPlain = await raw(`${f.baseURL}/_emulator/state`, 'PUT', { host, 'content-type': 'text/plain' }, '{}');
    expect([importPlain.status, typeOf(importPlain)]).toEqual([415, 'unsupported_media_type']);
    expect(users()).toBe(1);

    const own = await raw(`${f.baseURL}/_emulator/reset`, 'POST', { host, origin: `http://${host}`, 'content-type': 'application/json' });
    expect(own.status).toBe(200);
    expect(users()).toBe(0);
  });

  it('refuses a sign-in form posted from another site', async () => {
    const host = `localhost:${port}`;
    const form = new URLSearchParams({ step: 'password', email: 'kept@example.com', password: 'x', redirect_uri: 'http://localhost:3000/cb' }).toString();
    const type = { 'content-type': 'application/x-www-form-urlencoded' };
    const foreign = await raw(`${f.baseURL}/_emulator/login`, 'POST', { host, origin: 'http://attacker.example', ...type }, form);
    expect([foreign.status, typeOf(foreign)]).toEqual([403, 'cross_site_request']);
    const own = await raw(`${f.baseURL}/_emulator/login`, 'POST', { host, origin: `http://${host}`, ...type }, form);
    expect([own.status, own.headers['content-type']]).toEqual([401, 'text/html; charset=utf-8']);
  });

  it('leaves the signed API to its signature: a foreign Host there is not refused by the control checks', async () => {
    expect((await f.api.getSaasUsers()).users).toHaveLength(1);
  });
});

describe('emulator control surface in-process (emulator.fetch)', () => {
  it('keeps answering any URL the caller picks, and still refuses a foreign Origin and non-JSON writes', async () => {
    const emulator = createEmulator();
    for (const base of ['http://localhost', 'http://emulator.test', 'http://127.0.0.1:4010']) {
      expect((await emulator.fetch(`${base}/_emulator/health`)).status, base).toBe(200);
    }
    const json = { 'content-type': 'application/json' };
    expect(await statusAndType(await emulator.fetch('http://localhost/_emulator/reset', { method: 'POST', headers: { ...json, origin: 'http://attacker.example' } }))).toEqual([
      403,
      'cross_site_request',
    ]);
    expect(await statusAndType(await emulator.fetch('http://localhost/_emulator/reset', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }))).toEqual([
      415,
      'unsupported_media_type',
    ]);
    expect((await emulator.fetch('http://localhost:5173/_emulator/reset', { method: 'POST', headers: { ...json, origin: 'http://localhost:5173' } })).status).toBe(200);
    await emulator.close();
  });
});

describe('serveEmulator and --allow-remote', () => {
  const capture = () => {
    const lines = { out: [] as string[], err: [] as string[] };
    const io: CliIo = { out: (line) => lines.out.push(line), err: (line) => lines.err.push(line) };
    return { io, lines };
  };

  it('refuses a non-loopback interface unless allowRemote is set', async () => {
    const emulator = createEmulator();
    await expect(serveEmulator(emulator, { host: '0.0.0.0', port: 0 })).rejects.toThrow(/not a loopback address[\s\S]*allowRemote/);
    const served: ServedEmulator = await serveEmulator(emulator, { host: '0.0.0.0', port: 0, allowRemote: true });
    try {
      expect(served.remote).toBe(true);
      expect(new URL(served.url).hostname).toBe('127.0.0.1');
      expect((await fetch(`${served.url}/_emulator/health`)).status).toBe(200);
      const port = new URL(served.url).port;
      expect((await raw(`${served.url}/_emulator/health`, 'GET', { host: `attacker.example:${port}` })).status).toBe(403);
    } finally {
      await served.close();
    }
  });

  it('CLI: --host 0.0.0.0 without --allow-remote exits 2 with a clear message and serves nothing', async () => {
    const { io, lines } = capture();
    expect(await runEmulatorCommand(['--host', '0.0.0.0', '--port', '0'], io)).toBe(2);
    expect(lines.err.join('\n')).toMatch(/not a loopback address.*--allow-remote/);
    expect(lines.out).toEqual([]);
  });

  it('CLI: --allow-remote serves with a warning; a chosen --secret-key is never printed', async () => {
    const { io, lines } = capture();
    let reached = 0;
    const stop = async () => {
      const url = /listening on (\S+)/.exec(lines.out.join('\n'))?.[1] ?? '';
      reached = (await fetch(`${url}/_emulator/health`)).status;
      return 'test';
    };
    const secret = 'my-very-own-secret-key';
    expect(await runEmulatorCommand(['--host', '0.0.0.0', '--port', '0', '--allow-remote', '--secret-key', secret], io, stop)).toBe(0);
    expect(reached).toBe(200);
    expect(lines.err.join('\n')).toMatch(/WARNING: listening on 0\.0\.0\.0, reachable from the network/);
    expect(lines.out.join('\n')).toContain('REACHABLE FROM THE NETWORK');
    expect([...lines.out, ...lines.err].join('\n')).not.toContain(secret);
  });

  it('CLI: on loopback there is no warning', async () => {
    const { io, lines } = capture();
    expect(await runEmulatorCommand(['--port', '0'], io, async () => 'test')).toBe(0);
    expect(lines.err).toEqual([]);
    expect(lines.out.join('\n')).toContain('loopback only');
  });
});

describe.each(['in-process', 'over HTTP'] as const)('emulator HEAD (%s)', (transport) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture(transport);
  });
  afterEach(async () => {
    await f.close();
  });

  it('answers HEAD wherever GET answers: a signed operation, the control surface and the sign-in page', async () => {
    await f.api.signUp({ email: 'head@example.com' });
    const signed = await signedRequest(f, 'HEAD', '/v1/auth/users');
    expect([signed.status, signed.headers.get('content-type'), await signed.text()]).toEqual([200, 'application/json; charset=utf-8', '']);
    const health = await f.fetch(`${f.baseURL}/_emulator/health`, { method: 'HEAD' });
    expect([health.status, await health.text()]).toEqual([200, '']);
    const login = await f.fetch(`${f.baseURL}/_emulator/login?redirect_uri=${encodeURIComponent('http://localhost:3000/cb')}`, { method: 'HEAD' });
    expect([login.status, login.headers.get('content-type'), await login.text()]).toEqual([200, 'text/html; charset=utf-8', '']);
    // A HEAD signed as GET is refused like any other signature mismatch.
    const unsigned = await f.fetch(`${f.baseURL}/v1/auth/users`, { method: 'HEAD' });
    expect(unsigned.status).toBe(401);
  });
});
