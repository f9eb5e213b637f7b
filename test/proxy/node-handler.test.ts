import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeHandler } from '../../src/proxy/index.js';
import { createProxyFixture, type ProxyFixture } from './proxy-fixture.js';

describe('toNodeHandler: the proxy on node:http', () => {
  let fx: ProxyFixture;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    fx = createProxyFixture();
    server = createServer(toNodeHandler(fx.proxy));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('streams a JSON body in and the answer out, with the status and headers of the handler', async () => {
    const response = await fetch(`${base}/api/saasus/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'node-http@example.com' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ email: 'node-http@example.com' });
    expect(fx.emulator.control.outbox({ to: 'node-http@example.com' })).toHaveLength(1);
  });

  it('answers session routes without a session 401 and paths outside the base 404', async () => {
    expect((await fetch(`${base}/api/saasus/mfa/preference`)).status).toBe(401);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it('passes the signed-in user of the cookie through to SaaSus', async () => {
    const { cookie } = await fx.signedInUser('node-session@example.com');
    const response = await fetch(`${base}/api/saasus/mfa/preference`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ enabled: false });
  });

  it('refuses a body over the limit while it streams, with the SaaSus error shape', async () => {
    const response = await fetch(`${base}/api/saasus/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${'a'.repeat(40_000)}@example.com` }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'invalid_parameter', message: expect.any(String) });
    expect(fx.emulator.control.outbox().filter((m) => m.to.startsWith('aaaa'))).toEqual([]);
  });
});
