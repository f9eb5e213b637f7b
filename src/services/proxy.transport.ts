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

type Body = Record<string, string | boolean | undefined>;

function errorFromResponse(operation: FlowOperationName, response: Response, text: string): ApiError {
  let type = 'http_error';
  let message = `The server answered ${response.status}.`;
  let data: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) {
      const body = parsed as { type?: unknown; message?: unknown; data?: unknown };
      if (typeof body.type === 'string') type = body.type;
      if (typeof body.message === 'string') message = body.message;
      if (typeof body.data === 'object' && body.data !== null) data = body.data as Record<string, unknown>;
    }
  } catch {
    // Not a JSON error body (a gateway page, …): keep the generic description.
  }
  const traceId = response.headers.get('x-saasus-trace-id') ?? undefined;
  return new ApiError({ kind: 'http', status: response.status, type, message, data, operation, traceId });
}

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

  async function call<T>(operation: FlowOperationName, body: Body | undefined, callOptions: CallOptions | undefined, path?: string): Promise<T> {
    const route = proxyRoutes[operation];
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
    const signals = [callOptions?.signal, timer].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];

    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${base}${path ?? route.path}`, {
        method: route.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: options.credentials ?? 'same-origin',
        signal,
      });
      text = await response.text();
    } catch (cause) {
      const kind = callOptions?.signal?.aborted ? 'aborted' : timer?.aborted ? 'timeout' : 'network';
      const message = kind === 'aborted' ? 'The request was cancelled.' : kind === 'timeout' ? `No answer within ${timeout} ms.` : 'The server could not be reached.';
      throw new ApiError({ kind, status: 0, type: kind, message, operation, cause });
    }
    if (!response.ok) throw errorFromResponse(operation, response, text);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new ApiError({ kind: 'http', status: response.status, type: 'invalid_response', message: 'The server answered with something other than JSON.', operation, cause });
    }
  }

  return {
    [SESSION_FROM_BACKEND]: true,
    signUp: (p, o) => call('signUp', { email: p.email }, o),
    resendSignUpConfirmationEmail: (p, o) => call('resendSignUpConfirmationEmail', { email: p.email }, o),
    signUpWithAwsMarketplace: (p, o) => call('signUpWithAwsMarketplace', { email: p.email, registration_token: p.registration_token }, o),
    requestEmailUpdate: (_userId, p, o) => call('requestEmailUpdate', { email: p.email }, o),
    confirmEmailUpdate: (_userId, p, o) => call('confirmEmailUpdate', { code: p.code }, o),
    requestExternalUserLink: (_p, o) => call('requestExternalUserLink', {}, o),
    confirmExternalUserLink: (p, o) => call('confirmExternalUserLink', { code: p.code }, o),
    unlinkProvider: (providerName, _userId, o) =>
      call('unlinkProvider', undefined, o, `/providers/${encodeURIComponent(providerName)}`),
    getUserMfaPreference: (_userId, o) => call('getUserMfaPreference', undefined, o),
    createSecretCode: (_userId, _p, o) => call('createSecretCode', {}, o),
    updateSoftwareToken: (_userId, p, o) => call('updateSoftwareToken', { verification_code: p.verification_code }, o),
    updateUserMfaPreference: (_userId, p, o) => call('updateUserMfaPreference', { enabled: p.enabled, method: p.method }, o),
    confirmSignUpWithAwsMarketplace: (p, o) =>
      call('confirmSignUpWithAwsMarketplace', { registration_token: p.registration_token, tenant_name: p.tenant_name }, o),
    linkAwsMarketplace: (p, o) => call('linkAwsMarketplace', { tenant_id: p.tenant_id, registration_token: p.registration_token }, o),
  };
}
