import { expect } from 'vitest';
import { createSaasUserApi, isApiError, type ApiError, type Credentials, type SaasUser, type SaasUserApiClient } from '../../src/api/index.js';
import { signRequest } from '../../src/api/signing.js';
import { createEmulator, serveEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { createAuthenticator } from '../../src/testing/authenticator.js';

/** How the client reaches the emulator. */
export type Transport = 'in-process' | 'over HTTP';

/** Both transports, for `describe.each`. */
export const transports: Transport[] = ['in-process', 'over HTTP'];

/** An emulator and the project's client wired to it. */
export interface Fixture {
  emulator: Emulator;
  api: SaasUserApiClient;
  /** Base URL the client uses (a fake host in-process, the loopback server over HTTP). */
  baseURL: string;
  /** Fetch that reaches the emulator the same way the client does. */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  close(): Promise<void>;
}

export const PASSWORD = 'Passw0rd-1';

/** Starts an emulator and a client over the given transport (no retries, so failures are seen once). */
export async function startFixture(transport: Transport, options: EmulatorOptions = {}): Promise<Fixture> {
  const emulator = createEmulator(options);
  if (transport === 'in-process') {
    const baseURL = 'http://saasus.test';
    const api = createSaasUserApi({ baseURL, ...emulator.credentials, fetch: emulator.fetch, retry: false });
    return { emulator, api, baseURL, fetch: emulator.fetch, close: () => emulator.close() };
  }
  const served = await serveEmulator(emulator, { port: 0 });
  const api = createSaasUserApi({ baseURL: served.url, ...emulator.credentials, retry: false });
  return { emulator, api, baseURL: served.url, fetch: (input, init) => fetch(input, init), close: () => served.close() };
}

/**
 * Like {@link startFixture}, with the emulator's base clock frozen at the start (near the wall
 * clock, so signatures stay valid): only `control.clock` moves time.
 */
export function startFrozenFixture(transport: Transport, options: EmulatorOptions = {}): Promise<Fixture> {
  const t0 = Date.now();
  return startFixture(transport, { now: () => t0, ...options });
}

/** A signed-up user who set a password and holds an access token. */
export interface SignedInUser {
  user: SaasUser;
  accessToken: string;
  /** All the tokens of the first sign-in (the ID token is what `/userinfo` takes). */
  credentials: Credentials;
}

/** Signs up `email` through the client, completes the first sign-in and exchanges the code through the client. */
export async function signedInUser(f: Fixture, email: string): Promise<SignedInUser> {
  const user = await f.api.signUp({ email });
  const temporaryPassword = f.emulator.control.latestMessage(email, 'signUp')?.temporaryPassword;
  if (temporaryPassword === undefined) throw new Error(`no temporary password was mailed to ${email}`);
  const first = f.emulator.control.signIn({ email, password: temporaryPassword });
  if (first.kind !== 'NEW_PASSWORD_REQUIRED') throw new Error(`expected NEW_PASSWORD_REQUIRED, got ${first.kind}`);
  const done = f.emulator.control.respondToChallenge({ session: first.session, newPassword: PASSWORD });
  if (done.kind !== 'signedIn') throw new Error(`expected signedIn, got ${done.kind}`);
  const credentials = await f.api.getCredentials(done.code);
  return { user, accessToken: credentials.access_token, credentials };
}

/** Signs an existing user in again (password, no MFA) and returns a fresh access token. */
export async function freshAccessToken(f: Fixture, email: string): Promise<string> {
  const result = f.emulator.control.signIn({ email, password: PASSWORD });
  if (result.kind !== 'signedIn') throw new Error(`expected signedIn, got ${result.kind}`);
  return (await f.api.getCredentials(result.code)).access_token;
}

/** A virtual authenticator app on the emulator's clock. */
export function authenticatorFor(emulator: Emulator) {
  return createAuthenticator({ now: () => emulator.control.clock.now() });
}

/**
 * Sends a request signed with the emulator's credentials, with any body bytes and headers:
 * for inputs the client would never produce.
 */
export async function signedRequest(
  f: Fixture,
  method: string,
  path: string,
  init: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<Response> {
  const url = `${f.baseURL}${path}`;
  const body = init.body;
  const authorization = await signRequest(f.emulator.credentials, { method, url, ...(body === undefined ? {} : { body }) });
  const sent: RequestInit = { method, headers: { authorization, ...init.headers } };
  if (body !== undefined) sent.body = typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]);
  return f.fetch(url, sent);
}

/** Status and SaaSus error type of a response. */
export async function statusAndType(response: Response): Promise<[number, string | undefined]> {
  const text = await response.text();
  let type: string | undefined;
  try {
    type = (JSON.parse(text) as { type?: string }).type;
  } catch {
    type = undefined;
  }
  return [response.status, type];
}

/** Awaits a rejection and checks it is an `ApiError` with this status and SaaSus `type`. */
export async function expectApiError(promise: Promise<unknown>, status: number, type: string): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(isApiError(error), String(error)).toBe(true);
  const apiError = error as ApiError;
  expect({ status: apiError.status, type: apiError.type }).toEqual({ status, type });
  return apiError;
}
