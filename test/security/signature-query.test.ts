/**
 * The emulator's signature covers the query: a signed request whose query is changed, added or
 * dropped after signing is refused with 401 `permission_denied`, in process and over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/api/signing.js';
import { createEmulator, serveEmulator, type Emulator, type ServedEmulator } from '../../src/emulator/index.js';

const NOW = Date.UTC(2026, 10, 28, 19, 30, 30);
const CREDENTIALS = { saasId: 'saas-1', apiKey: 'api-key-1', secretKey: 'secret-key-1' };

const emulatorAt = () => createEmulator({ ...CREDENTIALS, now: () => NOW });

/** Signs `GET signedUrl` and sends it to `sentUrl` instead. */
async function sendSigned(send: (request: Request) => Promise<Response>, signedUrl: string, sentUrl: string): Promise<{ status: number; type: string | undefined }> {
  const authorization = await signRequest(CREDENTIALS, { method: 'GET', url: signedUrl, date: new Date(NOW) });
  const response = await send(new Request(sentUrl, { headers: { authorization } }));
  const body = (await response.json().catch(() => ({}))) as { type?: string };
  return { status: response.status, type: body.type };
}

const CASES = (base: string): [string, string, string][] => [
  ['changed', `${base}/v1/auth/users?limit=1`, `${base}/v1/auth/users?limit=2`],
  ['added', `${base}/v1/auth/users`, `${base}/v1/auth/users?limit=1`],
  ['dropped', `${base}/v1/auth/users?limit=1`, `${base}/v1/auth/users`],
  ['emptied', `${base}/v1/auth/users?limit=1`, `${base}/v1/auth/users?`],
  ['reordered', `${base}/v1/auth/users?a=1&b=2`, `${base}/v1/auth/users?b=2&a=1`],
  ['code swapped', `${base}/v1/auth/credentials?code=first-code`, `${base}/v1/auth/credentials?code=other-code`],
];

describe('signature over the query (security)', () => {
  let served: ServedEmulator | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('accepts the request with the query it was signed with', async () => {
    const emulator: Emulator = emulatorAt();
    const base = 'http://saasus.test';
    expect((await sendSigned(emulator.fetch, `${base}/v1/auth/users?limit=1`, `${base}/v1/auth/users?limit=1`)).status).toBe(200);
    expect((await sendSigned(emulator.fetch, `${base}/v1/auth/users?a=1&b=2`, `${base}/v1/auth/users?a=1&b=2`)).status).toBe(200);
  });

  it.each(CASES('http://saasus.test'))('in process: a query %s after signing → 401 permission_denied', async (_name, signed, sent) => {
    expect(await sendSigned(emulatorAt().fetch, signed, sent)).toEqual({ status: 401, type: 'permission_denied' });
  });

  it('over HTTP (the raw request target): a changed query → 401, the signed one passes', async () => {
    served = await serveEmulator(emulatorAt());
    const base = served.url;
    const send = (request: Request) => fetch(request);
    expect((await sendSigned(send, `${base}/v1/auth/users?limit=1`, `${base}/v1/auth/users?limit=1`)).status).toBe(200);
    for (const [name, signed, sent] of CASES(base)) {
      expect(await sendSigned(send, signed, sent), name).toEqual({ status: 401, type: 'permission_denied' });
    }
  });
});
