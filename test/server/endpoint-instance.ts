/**
 * One app instance as its own process, for the fault tests: the flow endpoint on the Redis at
 * REDIS_URL, calling the served emulator at EMULATOR_URL, listening on 127.0.0.1 (a free port,
 * printed as `listening <port>`). The session comes from the x-subject, x-user-id and
 * x-access-token headers (a test's stand-in for the app's session cookie).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { H3, toNodeHandler } from 'h3';
import { createClient } from 'redis';
import { createSaasUserApi } from '../../src/api/index.js';
import { defaultEmulatorCredentials } from '../../src/emulator/index.js';
import { createFlowEndpoint, redisFlowStore, type FlowAuth } from '../../src/server/index.js';
import { createSaasusFlows } from '../../src/services/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const client = createClient({ url: env('REDIS_URL'), disableOfflineQueue: true, socket: { connectTimeout: 1_000, reconnectStrategy: (n) => Math.min(20 * (n + 1), 200) } });
client.on('error', () => undefined);
await client.connect();
const api = createSaasUserApi({ baseURL: env('EMULATOR_URL'), ...defaultEmulatorCredentials });
const endpoint = createFlowEndpoint({
  store: redisFlowStore(client, { ttlMs: 60_000 }),
  settleTimeoutMs: Number(process.env.SETTLE_TIMEOUT_MS ?? 10_000),
  claimTtlMs: Number(process.env.CLAIM_TTL_MS ?? 15_000),
  authenticate(request): FlowAuth | undefined {
    const subject = request.headers.get('x-subject');
    if (!subject) return undefined;
    const userId = request.headers.get('x-user-id') ?? undefined;
    const accessToken = request.headers.get('x-access-token') ?? undefined;
    return { subject, ...(userId ? { userId } : {}), ...(accessToken ? { accessToken } : {}) };
  },
  flows: (auth) =>
    createSaasusFlows(api, {
      session: () => {
        if (!auth.userId || !auth.accessToken) throw new Error('not signed in');
        return { userId: auth.userId, accessToken: auth.accessToken };
      },
    }),
});
const app = new H3().all('/**', (event) => {
  process.stdout.write(`request ${event.req.method} ${new URL(event.req.url).pathname}\n`);
  return endpoint(event.req);
});
const server = createServer(toNodeHandler(app));
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
