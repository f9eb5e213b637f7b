import { createSigner } from './authorization.js';
import type { AuthApi, CallOptions } from './client.types.js';
import {
  checkHeaders,
  resolveConfig,
  saasUserApiOptionsFromEnv,
  type ClientConfig,
  type EnvSource,
  type SaasUserApiOptions,
} from './config.js';
import { withDeadline } from './deadline.js';
import { readBoundedText } from './body.js';
import { ApiError, isApiError } from './errors.js';
import { parseAnswer, transportError } from './answer-errors.js';
import { createRedaction, redactAnswerError, RETRIED_STATUSES } from './fetch-error.js';
import { expandPath, operationNames, operations, type HttpMethod, type OperationName, type OperationSpec, type PathParam } from './operations.js';
import type { Credentials, UserInfo } from './types.js';

/** The operations of the table (the 21 and the tenant part) plus the callback-code exchange and user info every real app needs. */
export interface SaasUserApiClient extends AuthApi {
  /**
   * Exchanges the `code` the hosted login page sent to the app's callback URL for the user's
   * tokens: signed `GET /v1/auth/credentials?code=…`. Never retried (codes are single-use).
   */
  getCredentials(code: string, options?: CallOptions): Promise<Credentials>;
  /**
   * The signed-in user with their tenants, envs and roles per env: signed
   * `GET /v1/auth/userinfo?token=…` with the user's ID token (from {@link getCredentials}).
   */
  getUserInfo(idToken: string, options?: CallOptions): Promise<UserInfo>;
}

/** One request, ready to sign and send. */
interface Plan {
  operation: string;
  method: HttpMethod;
  /** Below `/v1/auth`: encoded path and query. */
  path: string;
  /** Exact body string, `undefined` for GET/DELETE. */
  body: string | undefined;
  /** The caller's body object, only read to redact its secret fields from errors. */
  param: unknown;
  idempotent: boolean;
  secrets: readonly string[];
}

interface CheckedCall {
  signal: AbortSignal | undefined;
  timeout: number;
  traceId: string | undefined;
  headers: Record<string, string>;
}

const CALL_OPTIONS = new Set(['signal', 'timeout', 'traceId', 'headers']);
const PARAM_NAMES = {
  user_id: 'userId', provider_name: 'providerName', tenant_id: 'tenantId', env_id: 'envId', role_name: 'roleName', invitation_id: 'invitationId',
  attribute_name: 'attributeName',
} as const;

function checkCall(operation: string, options: CallOptions | undefined, config: ClientConfig): CheckedCall {
  if (options === undefined) return { signal: undefined, timeout: config.timeout, traceId: undefined, headers: {} };
  const where = `${operation}()`;
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: call options must be an object.`);
  for (const key of Object.keys(options)) {
    if (!CALL_OPTIONS.has(key)) throw new TypeError(`${where}: unknown call option "${key}" (known: signal, timeout, traceId, headers).`);
  }
  const { signal, timeout, traceId } = options;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof signal.addEventListener !== 'function')) {
    throw new TypeError(`${where}: signal must be an AbortSignal.`);
  }
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0)) {
    throw new TypeError(`${where}: timeout must be a non-negative number of milliseconds (0 = none).`);
  }
  if (traceId !== undefined && typeof traceId !== 'string') throw new TypeError(`${where}: traceId must be a string.`);
  return { signal, timeout: timeout ?? config.timeout, traceId, headers: checkHeaders(options.headers, where) };
}

/** The path of one call from its arguments; a template with parameters is expanded once per call by `expandPath`. */
function operationPath(name: OperationName, spec: OperationSpec, args: readonly unknown[]): string {
  if (spec.pathParams.length === 0) return spec.path;
  const params: Partial<Record<PathParam, string>> = {};
  for (let i = 0; i < spec.pathParams.length; i++) {
    const param = spec.pathParams[i] as PathParam;
    const given = args[i];
    if (param === 'env_id' && (typeof given !== 'number' || !Number.isSafeInteger(given) || given < 0)) {
      throw new TypeError(`${name}(): envId must be a non-negative integer, got ${JSON.stringify(given)}.`);
    }
    const value = typeof given === 'number' ? String(given) : given;
    // '.' and '..' would be resolved away by the URL parser and hit another route.
    if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
      throw new TypeError(`${name}(): ${PARAM_NAMES[param]} must be a non-empty string other than "." and "..", got ${JSON.stringify(value)}.`);
    }
    params[param] = value;
  }
  return expandPath(spec.path, params);
}

function serializeBody(name: string, param: unknown): string {
  if (param === undefined) return '{}';
  if (typeof param !== 'object' || param === null || Array.isArray(param)) {
    throw new TypeError(`${name}(): the request body must be an object.`);
  }
  return JSON.stringify(param);
}

function backoff(config: ClientConfig, attempt: number): number {
  const cap = Math.min(config.retry.maxDelay, config.retry.baseDelay * 2 ** attempt);
  return cap / 2 + (config.retry.random() * cap) / 2;
}

/** A 3xx, or the opaque answer a browser gives for one under `redirect: 'manual'`. */
const isRedirect = (response: Response): boolean => response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/**
 * One abort signal shared by every call with the same timeout that starts within one short
 * window (1/32 of the timeout, at most 10 ms); it aborts once the timeout has passed for the
 * window's last call, so each call gets at least its timeout and at most the window more. A call
 * without a caller signal hands fetch this shared signal instead of a controller and timer of its
 * own: fetch watches any signal it is given, but creating, arming and clearing one per call was
 * the largest cost the client added to a loopback call.
 */
interface Bucket {
  readonly signal: AbortSignal;
  readonly closesAt: number;
}
const buckets = new Map<number, Bucket>();

function sharedTimeoutSignal(timeout: number): AbortSignal {
  const now = performance.now();
  const open = buckets.get(timeout);
  if (open !== undefined && now < open.closesAt) return open.signal;
  const window = Math.min(10, timeout / 32);
  const controller = new AbortController();
  buckets.set(timeout, { signal: controller.signal, closesAt: now + window });
  const timer = setTimeout(() => {
    if (buckets.get(timeout)?.signal === controller.signal) buckets.delete(timeout);
    controller.abort(new DOMException(`No response within ${timeout} ms`, 'TimeoutError'));
  }, timeout + window);
  // The requests keep the process alive while they run; a bucket's timer alone need not.
  (timer as { unref?: () => void }).unref?.();
  return controller.signal;
}

const shouldRetry = (error: ApiError): boolean => error.kind === 'network' || (error.kind === 'http' && RETRIED_STATUSES.has(error.status));

function buildClient(config: ClientConfig): SaasUserApiClient {
  const sign = config.credentials ? createSigner(config.credentials, config.hmac) : undefined;
  // Built only when a call fails: a successful call has nothing to redact.
  const redactorFor = (plan: Plan) => createRedaction([config.credentials?.secretKey, ...plan.secrets], plan.param);

  async function attempt(plan: Plan, call: CheckedCall): Promise<unknown> {
    const { operation } = plan;
    if (call.signal?.aborted) throw transportError(operation, 'aborted', undefined, call.timeout);
    // A plain object with lower-case names, so a call header cannot shadow one the client sets.
    const headers: Record<string, string> = { ...config.headers };
    for (const [name, value] of Object.entries(call.headers)) headers[name.toLowerCase()] = value;
    headers['accept'] = 'application/json';
    if (plan.body !== undefined) headers['content-type'] = 'application/json';
    if (call.traceId) headers['x-saasus-trace-id'] = call.traceId;
    if (sign) {
      const auth = sign(config.now(), plan.method, config.signedPrefix + plan.path, plan.body ?? '');
      headers['authorization'] = typeof auth === 'string' ? auth : await auth;
    }
    // Without a caller signal the timeout needs no signal of the call's own (see sharedTimeoutSignal).
    const shared = call.signal === undefined && call.timeout > 0 ? sharedTimeoutSignal(call.timeout) : undefined;
    const deadline = shared ? undefined : withDeadline(call.signal, call.timeout);
    let response: Response;
    let text: string;
    try {
      // Plain fetch: retry, timeout, JSON and errors are this client's own (see send()).
      // `redirect: 'manual'`: a 3xx is an error, never followed (a body holding a password or a
      // code must not be sent on to wherever a Location points).
      response = await (config.fetch ?? fetch)(config.authUrl + plan.path, { method: plan.method, headers, body: plan.body, signal: shared ?? deadline?.signal, redirect: 'manual' });
      if (isRedirect(response)) {
        await response.body?.cancel().catch(() => undefined);
        throw new ApiError({ kind: 'http', status: response.status, type: 'redirect', message: `SaaSus answered a redirect (${response.status}); it is not followed.`, operation });
      }
      const read = await readBoundedText(response, config.maxResponseBytes, false);
      if (read === undefined) {
        throw new ApiError({ kind: 'http', status: response.status, type: 'response_too_large', message: `The answer is larger than ${config.maxResponseBytes} bytes (maxResponseBytes).`, operation });
      }
      text = read;
    } catch (error) {
      if (isApiError(error)) throw error;
      const outcome = shared ? (shared.aborted ? 'timeout' : undefined) : deadline?.reason();
      throw transportError(operation, outcome ?? 'network', error, call.timeout, outcome ? undefined : redactorFor(plan).cause(error));
    } finally {
      deadline?.dispose();
    }
    try {
      return parseAnswer(operation, response, text);
    } catch (error) {
      throw redactAnswerError(error as ApiError, redactorFor(plan));
    }
  }

  async function send(plan: Plan, options: CallOptions | undefined): Promise<unknown> {
    const call = checkCall(plan.operation, options, config);
    const retries = plan.idempotent ? config.retry.limit : 0;
    for (let n = 0; ; n++) {
      try {
        return await attempt(plan, call);
      } catch (error) {
        if (n >= retries || !isApiError(error) || !shouldRetry(error)) throw error;
        try {
          await config.retry.sleep(backoff(config, n), call.signal);
        } catch {
          if (call.signal?.aborted) throw transportError(plan.operation, 'aborted', undefined, call.timeout);
          throw error;
        }
      }
    }
  }

  // One method per row of the operations table: path parameters, then the body when the row
  // has one, then the call options.
  const api: Record<string, unknown> = {};
  for (const name of operationNames) {
    const spec: OperationSpec = operations[name];
    const count = spec.pathParams.length;
    const hasBody = spec.body !== undefined;
    api[name] = async (...args: unknown[]) => {
      const path = operationPath(name, spec, args);
      const param = hasBody ? args[count] : undefined;
      const body = hasBody ? serializeBody(name, param) : undefined;
      const options = args[hasBody ? count + 1 : count] as CallOptions | undefined;
      return send({ operation: name, method: spec.method, path, body, param, idempotent: spec.method === 'GET', secrets: [] }, options);
    };
  }

  return {
    ...(api as unknown as AuthApi),
    async getCredentials(code, o) {
      if (typeof code !== 'string' || code === '') throw new TypeError('getCredentials(): code must be a non-empty string.');
      const plan: Plan = {
        operation: 'getCredentials',
        method: 'GET',
        path: `/credentials?code=${encodeURIComponent(code)}&auth-flow=tempCodeAuth`,
        body: undefined,
        param: undefined,
        idempotent: false,
        secrets: [code],
      };
      return (await send(plan, o)) as Credentials;
    },
    async getUserInfo(idToken, o) {
      if (typeof idToken !== 'string' || idToken === '') throw new TypeError('getUserInfo(): idToken must be a non-empty string.');
      const plan: Plan = {
        operation: 'getUserInfo',
        method: 'GET',
        path: `/userinfo?token=${encodeURIComponent(idToken)}`,
        body: undefined,
        param: undefined,
        idempotent: true,
        secrets: [idToken],
      };
      return (await send(plan, o)) as UserInfo;
    },
  };
}

/**
 * Creates a typed SaaSus `SaasUserApi` client that signs every call with SAASUSSIGV1.
 * @throws TypeError when an option is invalid or a credential is missing (no request is made).
 * @example
 * const api = createSaasUserApi({ saasId, apiKey, secretKey });
 * const user = await api.getSaasUser(userId);
 */
export function createSaasUserApi(options: SaasUserApiOptions): SaasUserApiClient {
  return buildClient(resolveConfig(options));
}

/**
 * Like {@link createSaasUserApi}, with `saasId`, `apiKey`, `secretKey` and `baseURL` read from
 * `SAASUS_SAAS_ID`, `SAASUS_API_KEY`, `SAASUS_SECRET_KEY` and `SAASUS_API_URL_BASE`.
 * Explicit `options` win; `env` defaults to `process.env`.
 * @example const api = createSaasUserApi.fromEnv({ timeout: 5_000 });
 */
createSaasUserApi.fromEnv = function fromEnv(options: SaasUserApiOptions = {}, env?: EnvSource): SaasUserApiClient {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return buildClient(resolveConfig({ ...saasUserApiOptionsFromEnv(env), ...given }, true));
};
