import type { CallOptions, FetchLike } from '../api/client.types.js';
import type { FlowsApi, SelfSignUpApi } from '../api/flows-api.js';
import { parseAnswer, transportError } from '../api/answer-errors.js';
import { SESSION_FROM_BACKEND } from '../api/flows-api.js';
import { browserRoutes } from './routes.js';

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

/**
 * The flows' API through the back-end proxy, with the self sign-up (the tenant sign-up's
 * creating steps as one server call); the user comes from the back end's session.
 */
export type ProxyTransport = FlowsApi & SelfSignUpApi & { readonly [SESSION_FROM_BACKEND]: true };

type Body = Record<string, unknown> | undefined;

/**
 * The flows' API over `fetch` to the app's back-end proxy (`createSaasusProxy` from
 * `saasus-flows/proxy`), for the browser: no secret, no signing, no user id. One method per
 * operation with a proxy route in the operations table, and the self sign-up's two. The `userId` and `access_token`
 * arguments are not sent (the proxy takes the user from the session); failures reject with the
 * same {@link ApiError} the signing client gives for the same answer. Branded with
 * `SESSION_FROM_BACKEND`, so `createSaasusFlows` needs no `session` provider with it.
 *
 * @example
 * const flows = createSaasusFlows(proxyTransport('/api/saasus'));
 */
export function proxyTransport(baseUrl: string | URL, options: ProxyTransportOptions = {}): ProxyTransport {
  const base = String(baseUrl).replace(/\/+$/, '');
  const api: Record<string | symbol, unknown> = { [SESSION_FROM_BACKEND]: true };
  const send = async (operation: string, method: string, path: string, body: string | undefined, call: CallOptions): Promise<unknown> => {
    const headers = new Headers(typeof options.headers === 'function' ? await options.headers() : options.headers);
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
    headers.set('accept', 'application/json');
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (call.traceId !== undefined) headers.set('x-saasus-trace-id', call.traceId);
    // Browsers do not let scripts set Referer; SaaSus records X-SaaSus-Referer as the calling page instead.
    const page = (globalThis as { location?: { pathname?: unknown } }).location?.pathname;
    if (typeof page === 'string' && !headers.has('x-saasus-referer')) headers.set('x-saasus-referer', page);
    const timeout = call.timeout ?? options.timeout ?? 0;
    const given = call.signal;
    // In a browser `AbortSignal.any` + `AbortSignal.timeout` are the small way to combine the two.
    const timer = timeout > 0 ? AbortSignal.timeout(timeout) : undefined;
    let response: Response;
    let text: string;
    try {
      const signal = given && timer ? AbortSignal.any([given, timer]) : (given ?? timer);
      response = await (options.fetch ?? fetch)(base + path, { method, headers, body, credentials: options.credentials ?? 'same-origin', signal });
      text = await response.text();
    } catch (error) {
      throw transportError(operation, given?.aborted ? 'aborted' : timer?.aborted ? 'timeout' : 'network', error, timeout);
    }
    return parseAnswer(operation, response, text);
  };
  for (const [operation, route] of Object.entries(browserRoutes)) {
    const count = route.pathParams.length;
    // What the browser sends: the body's fields but the access token, which the proxy adds.
    const fields: readonly string[] | undefined = route.sends;
    api[operation] = (...args: unknown[]) => {
      const param = (fields && args[count]) as Body;
      const call = (args[fields ? count + 1 : count] ?? {}) as CallOptions;
      const body = fields && JSON.stringify(Object.fromEntries(fields.map((name) => [name, param?.[name]])));
      // `{provider_name}` is the only placeholder a proxy route has, and its first path parameter
      // (test/proxy/browser-routes.test.ts); the user id never goes out.
      const path = route.path.replace('{provider_name}', () => encodeURIComponent(String(args[0])));
      // `selfSignUpForm` reads the form of the `selfSignUp` operation: its errors name that operation.
      return send(operation.replace(/Form$/, ''), route.method, path, body, call);
    };
  }
  return api as unknown as ProxyTransport;
}
