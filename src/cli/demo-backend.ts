import { createSaasUserApi, type SaasUserApiClient } from '../api/client.js';
import type { FetchLike } from '../api/client.types.js';
import { saasUserApiOptionsFromEnv } from '../api/config.js';
import { ApiError } from '../api/errors.js';
import type { MailTemplate, OutboxMessage, SignInResult } from '../emulator/index.js';
import { DEMO_DEFINITIONS } from './demo-tenant.js';

/** Where the demo runs and with which credentials (flags win over the environment). */
export interface DemoTarget {
  /** Scheme + host of a served emulator or of SaaSus; absent: an emulator in this process. */
  apiUrl?: string;
  saasId?: string;
  apiKey?: string;
  secretKey?: string;
  /** The in-process emulator's resend cooldown. */
  resendCooldownMs?: number;
}

/** The emulator's test-only controls the demo uses: its outbox and its hosted sign-in. */
export interface DemoEmulator {
  /** The newest mail to `to`, optionally of one template. */
  latestMail(to: string, template?: MailTemplate): Promise<OutboxMessage | undefined>;
  signIn(p: { email: string; password: string }): Promise<SignInResult>;
  respondToChallenge(p: { session: string; newPassword?: string; totpCode?: string }): Promise<SignInResult>;
  /** The emulator's clock (epoch ms), for the authenticator app. */
  now(): Promise<number>;
}

/** What the demo talks to. */
export interface DemoBackend {
  /** Human description, e.g. `the in-process emulator`. */
  label: string;
  api: SaasUserApiClient;
  /** Present for an emulator (in-process or served); absent against real SaaSus. */
  emulator?: DemoEmulator;
  close(): Promise<void>;
}

const CONTROL = '/_emulator';

/** The control surface over HTTP: the same routes in-process (emulator.fetch) and served. */
function httpControl(base: string, fetch: FetchLike): DemoEmulator {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
    const response = await fetch(`${base}${CONTROL}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (response.status === 404 && method === 'GET') return undefined;
    if (!response.ok) {
      const error = (parsed ?? {}) as { type?: unknown; message?: unknown };
      throw new ApiError({
        kind: 'http',
        status: response.status,
        type: typeof error.type === 'string' ? error.type : 'emulator_error',
        message: typeof error.message === 'string' ? error.message : `The emulator answered ${response.status}.`,
        operation: `emulator ${path}`,
      });
    }
    return parsed as T;
  }
  const signInResult = (value: SignInResult | undefined): SignInResult => {
    if (value === undefined) throw new ApiError({ kind: 'http', status: 502, type: 'emulator_error', message: 'Empty sign-in answer.', operation: 'emulator /sign-in' });
    return value;
  };
  return {
    latestMail: (to, template) =>
      call<OutboxMessage>('GET', `/outbox/latest?${new URLSearchParams(template === undefined ? { to } : { to, template })}`),
    signIn: async (p) => signInResult(await call<SignInResult>('POST', '/sign-in', p)),
    respondToChallenge: async (p) => signInResult(await call<SignInResult>('POST', '/sign-in/challenge', p)),
    now: async () => (await call<{ now: number }>('GET', '/clock'))?.now ?? Date.now(),
  };
}

async function isEmulator(base: string): Promise<boolean> {
  try {
    const response = await fetch(`${base}${CONTROL}/health`, { signal: AbortSignal.timeout(3_000) });
    const body = (await response.json()) as { ok?: unknown };
    return response.ok && body.ok === true;
  } catch {
    return false;
  }
}

/**
 * Connects the demo: an emulator in this process by default (seeded with the
 * attribute definitions of {@link DEMO_DEFINITIONS}); with `apiUrl`, a served
 * emulator (recognised by its `/_emulator/health`) or SaaSus itself.
 * @throws Error with a readable message when credentials are missing.
 */
export async function connectDemo(target: DemoTarget): Promise<DemoBackend> {
  if (target.apiUrl === undefined) {
    const { createEmulator } = await import('../emulator/index.js');
    const emulator = createEmulator(target.resendCooldownMs === undefined ? {} : { resendCooldownMs: target.resendCooldownMs });
    // A SaaS as SaaSus's sample apps expect it: tenant and user attributes for the self sign-up form.
    emulator.control.seedDefinitions({ tenantAttributes: [...DEMO_DEFINITIONS.tenantAttributes], userAttributes: [...DEMO_DEFINITIONS.userAttributes] });
    const base = 'http://emulator.local';
    const fetch: FetchLike = (input, init) => emulator.fetch(input, init);
    return {
      label: 'the in-process emulator',
      api: createSaasUserApi({ baseURL: base, ...emulator.credentials, fetch }),
      emulator: httpControl(base, fetch),
      close: () => emulator.close(),
    };
  }
  const base = target.apiUrl.replace(/\/+$/, '');
  const served = await isEmulator(base);
  const { defaultEmulatorCredentials } = await import('../emulator/config.js');
  const fallback = served ? defaultEmulatorCredentials : undefined;
  const env = saasUserApiOptionsFromEnv();
  const saasId = target.saasId ?? env.saasId ?? fallback?.saasId;
  const apiKey = target.apiKey ?? env.apiKey ?? fallback?.apiKey;
  const secretKey = target.secretKey ?? env.secretKey ?? fallback?.secretKey;
  if (saasId === undefined || apiKey === undefined || secretKey === undefined) {
    throw new Error(`${base} is not an emulator: set SAASUS_SAAS_ID, SAASUS_API_KEY and SAASUS_SECRET_KEY (or --saas-id, --api-key, --secret-key).`);
  }
  const fetch: FetchLike = (input, init) => globalThis.fetch(input, init);
  return {
    label: served ? `the emulator at ${base}` : `SaaSus at ${base}`,
    api: createSaasUserApi({ baseURL: base, saasId, apiKey, secretKey, fetch }),
    ...(served ? { emulator: httpControl(base, fetch) } : {}),
    close: async () => undefined,
  };
}
