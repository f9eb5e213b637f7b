import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The user every client bench asks for, and the SaaS credentials it signs with. */
export const userId = 'f94bfffc-8be2-11ec-b41a-0242ac120004';
export const creds = { saasId: 'bench-saas', apiKey: 'bench-api-key', secretKey: 'bench-secret-key' };

/**
 * A loopback node:http server answering every request with the same `getSaasUser` JSON: the far
 * end of the client benches, so that what they time is the client and fetch, not a server.
 */
export async function startUserServer(): Promise<{ server: Server; origin: string; url: string }> {
  const body = JSON.stringify({ id: userId, email: 'a@example.com', attributes: { plan: 'pro' } });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-saasus-trace-id': 'bench' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, url: `${origin}/v1/auth/users/${userId}` };
}
