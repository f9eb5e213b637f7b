import type { CallOptions, FetchLike } from '../api/client.types.js';
import { ApiError } from '../api/errors.js';
import { SESSION_FROM_BACKEND, type FlowOperationName, type FlowsApi } from './ports.js';
import { proxyRoutes } from './proxy.routes.js';

/** Options of {@link proxyTransport}. */
export interface ProxyTransportOptions {
  /** `fetch` to use; default the global one (looked up at call time). */
  fetch?: FetchLike;
  /** Extra headers on every request (a CSRF token, …), or a function giving them per call. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Default timeout per call in ms; none by default. `CallOptions.timeout` overrides it. */
  timeout?: number;
  /** `fetch` credentials mode, so the app's session cookie goes along. Default `same-origin`. */
  credentials?: RequestCredentials;
}

/** The flows' API through the back-end proxy; the user comes from the back end's session. */
export type ProxyTransport = FlowsApi & { readonly [SESSION_FROM_BACKEND]: true };

/** The arguments of operation `K` before its `CallOptions`. */
type Leading<K extends FlowOperationName> = Required<Parameters<FlowsApi[K]>> extends [...infer Head, CallOptions] ? Head : never;
/** The last of those arguments: the body parameter when the route sends a body. */
type LastLeading<K extends FlowOperationName> = Leading<K> extends [...unknown[], infer Last] ? Last : never;
/** Body fields the browser may send: never the access token (the proxy takes it from the session). */
type SentField<K extends FlowOperationName> = LastLeading<K> extends object ? Exclude<keyof LastLeading<K>, 'access_token'> : never;
/** How to call one operation: the number of arguments before the `CallOptions`, then the body fields sent. */
type CallShape<K extends FlowOperationName> = readonly [Leading<K>['length'], ...SentField<K>[]];

/**
 * Per operation: how many arguments come before the call options, then the fields of the body
 * parameter (the last of those arguments) that go to the proxy. The body is sent only when the
 * route's method takes one; other fields (`access_token`, unknown extras) and the `userId`
 * argument are never sent: the proxy takes the user from the app's session.
 */
const CALLS = {
  signUp: [1, 'email'],
  resendSignUpConfirmationEmail: [1, 'email'],
  signUpWithAwsMarketplace: [1, 'email', 'registration_token'],
  requestEmailUpdate: [2, 'email'],
  confirmEmailUpdate: [2, 'code'],
  requestExternalUserLink: [1],
  confirmExternalUserLink: [1, 'code'],
  unlinkProvider: [2],
  getUserMfaPreference: [1],
  createSecretCode: [2],
  updateSoftwareToken: [2, 'verification_code'],
  updateUserMfaPreference: [2, 'enabled', 'method'],
  confirmSignUpWithAwsMarketplace: [1, 'registration_token', 'tenant_name'],
  linkAwsMarketplace: [1, 'tenant_id', 'registration_token'],
} as const satisfies { [K in FlowOperationName]: CallShape<K> };

/** Fails to compile when {@link CALLS} leaves out a field an operation's body parameter has. */
type UnsentFields = { [K in FlowOperationName]: Exclude<SentField<K>, (typeof CALLS)[K][number]> }[FlowOperationName];
type ExpectNone<T extends never> = T;
type _CallsComplete = ExpectNone<UnsentFields>;

type Body = Record<string, unknown>;

/**
 * The flows' API over `fetch` to the app's back-end proxy ({@link createSaasusProxy}), for the
 * browser: no secret, no signing, no user id. The `userId` and `access_token` arguments are
 * ignored (the proxy takes the user from the session); failures reject with the same
 * {@link ApiError} codes the signing client produces. Branded with `SESSION_FROM_BACKEND`, so
 * `createSaasusFlows` needs no `session` provider with it.
 *
 * @example
 * const flows = createSaasusFlows(proxyTransport('/api/saasus'));
 */
export function proxyTransport(baseUrl: string | URL, options: ProxyTransportOptions = {}): ProxyTransport {
  const base = String(baseUrl).replace(/\/+$/, '');
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call(operation: FlowOperationName, path: string, method: string, body: Body | undefined, callOptions: CallOptions | undefined): Promise<unknown> {
    const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
    const headers = new Headers(extra);
    for (const [name, value] of Object.entries(callOptions?.headers ?? {})) headers.set(name, value);
    headers.set('accept', 'application/json');
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (callOptions?.traceId !== undefined) headers.set('x-saasus-trace-id', callOptions.traceId);
    // Browsers do not let scripts set Referer; SaaSus logs this header instead (spec §4.6).
    const page = (globalThis as { location?: { pathname?: unknown } }).location?.pathname;
    if (typeof page === 'string' && !headers.has('x-saasus-referer')) headers.set('x-saasus-referer', page);

    const timeout = callOptions?.timeout ?? options.timeout;
    const timer = timeout === undefined ? undefined : AbortSignal.timeout(timeout);
    const given = callOptions?.signal;

    let response: Response;
    let text: string;
    try {
      response = await doFetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: options.credentials ?? 'same-origin',
        signal: given && timer ? AbortSignal.any([given, timer]) : (given ?? timer),
      });
      text = await response.text();
    } catch (cause) {
      const kind = given?.aborted ? 'aborted' : timer?.aborted ? 'timeout' : 'network';
      const message = kind === 'aborted' ? 'The request was cancelled.' : kind === 'timeout' ? `No answer within ${timeout} ms.` : 'The server could not be reached.';
      throw new ApiError({ kind, status: 0, type: kind, message, operation, cause });
    }
    const status = response.status;
    let parsed: unknown;
    let invalid: unknown;
    try {
      if (text !== '') parsed = JSON.parse(text);
    } catch (cause) {
      invalid = cause;
    }
    if (!response.ok) {
      // A SaaSus `{type, message, data}` body when there is one; a gateway page keeps the generic description.
      const answer = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { type?: unknown; message?: unknown; data?: unknown };
      throw new ApiError({
        kind: 'http',
        status,
        type: typeof answer.type === 'string' ? answer.type : 'http_error',
        message: typeof answer.message === 'string' ? answer.message : `The server answered ${status}.`,
        data: typeof answer.data === 'object' && answer.data !== null ? (answer.data as Record<string, unknown>) : undefined,
        operation,
        traceId: response.headers.get('x-saasus-trace-id') ?? undefined,
      });
    }
    if (invalid !== undefined) {
      throw new ApiError({ kind: 'http', status, type: 'invalid_response', message: 'The server answered with something other than JSON.', operation, cause: invalid });
    }
    return parsed;
  }

  const api: Record<string, unknown> = { [SESSION_FROM_BACKEND]: true };
  for (const [operation, [leading, ...fields]] of Object.entries(CALLS) as [FlowOperationName, readonly [number, ...string[]]][]) {
    const { method, path } = proxyRoutes[operation];
    api[operation] = (...args: unknown[]) => {
      const param = args[leading - 1] as Body;
      const body = method === 'GET' || method === 'DELETE' ? undefined : Object.fromEntries(fields.map((field) => [field, param[field]]));
      // `{provider_name}` (unlinkProvider) is the first argument.
      return call(operation, path.replace('{provider_name}', () => encodeURIComponent(args[0] as string)), method, body, args[leading] as CallOptions | undefined);
    };
  }
  return api as ProxyTransport;
}
