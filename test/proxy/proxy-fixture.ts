import { createSaasUserApi, type SaasUserApiClient } from '../../src/api/index.js';
import { createEmulator } from '../../src/emulator/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import type { UserSession } from '../../src/api/flows-api.js';
import { emulatorSession } from '../../src/testing/index.js';
import { createSaasusProxy, type SaasusProxyHandler, type SaasusProxyOptions } from '../../src/proxy/handler.js';

export const APP = 'http://app.test';
export const BASE = `${APP}/api/saasus`;

/** A request that reached the emulator. */
export interface Upstream {
  method: string;
  path: string;
  headers: Headers;
  body: string;
}

export interface ProxyFixture {
  emulator: Emulator;
  api: SaasUserApiClient;
  proxy: SaasusProxyHandler;
  /** Every request the client sent to the emulator, in order. */
  upstream: Upstream[];
  /** Signs up `email`, sets a new password through the emulator's sign-in, and opens an app session. */
  signedInUser(email: string): Promise<{ cookie: string; session: UserSession }>;
  /** Sends one request to the proxy. */
  send(method: string, path: string, init?: { body?: unknown; cookie?: string; headers?: Record<string, string> }): Promise<Response>;
}

/** The proxy in front of the real client and the in-process emulator, with cookie sessions. */
export function createProxyFixture(extra: Partial<Pick<SaasusProxyOptions, 'onError' | 'maxBodyBytes' | 'preventUserExistenceErrors'>> = {}): ProxyFixture {
  const emulator = createEmulator();
  const upstream: Upstream[] = [];
  const recordingFetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    upstream.push({
      method: request.method,
      path: new URL(request.url).pathname,
      headers: request.headers,
      body: await request.clone().text(),
    });
    return emulator.fetch(request);
  };
  const api = createSaasUserApi({ baseURL: 'http://saasus.test', ...emulator.credentials, fetch: recordingFetch, retry: false });
  const sessions = new Map<string, UserSession>();
  const proxy = createSaasusProxy({
    api,
    authenticate: (request) => {
      const cookie = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
      return cookie === undefined ? null : (sessions.get(cookie) ?? null);
    },
    ...extra,
  });

  return {
    emulator,
    api,
    proxy,
    upstream,
    async signedInUser(email) {
      await api.signUp({ email });
      const { userId, accessToken } = emulatorSession(emulator, { email, newPassword: 'N3w-passw0rd!' });
      const session = { userId, accessToken };
      const cookie = `sid=s-${sessions.size + 1}`;
      sessions.set(cookie.slice(4), session);
      return { cookie, session };
    },
    send(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.cookie !== undefined) headers.cookie = init.cookie;
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      return proxy(new Request(`${BASE}${path}`, { method, headers, body }));
    },
  };
}
