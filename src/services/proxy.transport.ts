import type { CallOptions, FetchLike } from '../api/client.types.js';
import { ApiError, recordOf, stringOr } from '../api/errors.js';
import { SESSION_FROM_BACKEND, type FlowOperationName, type FlowsApi } from './ports.js';
import { ROUTE_TABLE } from './proxy.routes.js';

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

/** The call shape of operation `K` in {@link ROUTE_TABLE}: the columns after method and path. */
type TableShape<K extends FlowOperationName> = (typeof ROUTE_TABLE)[K] extends readonly [unknown, unknown, ...infer Shape] ? Shape : never;

/** Fails to compile when a call shape of {@link ROUTE_TABLE} does not fit its operation's arguments. */
type WrongShapes = { [K in FlowOperationName]: TableShape<K> extends CallShape<K> ? never : K }[FlowOperationName];
/** Fails to compile when {@link ROUTE_TABLE} leaves out a field an operation's body parameter has. */
type UnsentFields = { [K in FlowOperationName]: Exclude<SentField<K>, TableShape<K>[number]> }[FlowOperationName];
type ExpectNone<T extends never> = T;
type _ShapesFit = ExpectNone<WrongShapes>;
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
  const api: Record<string, unknown> = { [SESSION_FROM_BACKEND]: true };
  for (const [operation, [method, path, leading, ...fields]] of Object.entries(ROUTE_TABLE) as [FlowOperationName, readonly [string, string, number, ...string[]]][]) {
    api[operation] = async (...args: unknown[]) => {
      const callOptions = (args[leading] ?? {}) as CallOptions;
      // The body parameter is the last argument before the call options.
      const body =
        method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(Object.fromEntries(fields.map((field) => [field, (args[leading - 1] as Body)[field]])));
      const headers = new Headers(typeof options.headers === 'function' ? await options.headers() : options.headers);
      for (const [name, value] of Object.entries(callOptions.headers ?? {})) headers.set(name, value);
      headers.set('accept', 'application/json');
      if (body !== undefined) headers.set('content-type', 'application/json');
      if (callOptions.traceId !== undefined) headers.set('x-saasus-trace-id', callOptions.traceId);
      // Browsers do not let scripts set Referer; SaaSus logs this header instead (spec §4.6).
      const page = (globalThis as { location?: { pathname?: unknown } }).location?.pathname;
      if (typeof page === 'string' && !headers.has('x-saasus-referer')) headers.set('x-saasus-referer', page);

      const timeout = callOptions.timeout ?? options.timeout;
      const timer = timeout === undefined ? undefined : AbortSignal.timeout(timeout);
      const given = callOptions.signal;

      let response: Response;
      let text: string;
      try {
        // `{provider_name}` (unlinkProvider) is the first argument; the global `fetch` is looked up at call time.
        response = await (options.fetch ?? fetch)(base + path.replace('{provider_name}', () => encodeURIComponent(args[0] as string)), {
          method,
          headers,
          body,
          credentials: options.credentials ?? 'same-origin',
          signal: given && timer ? AbortSignal.any([given, timer]) : (given ?? timer),
        });
        text = await response.text();
      } catch (cause) {
        const kind = given?.aborted ? 'aborted' : timer?.aborted ? 'timeout' : 'network';
        const message = kind === 'aborted' ? 'The request was cancelled.' : kind === 'timeout' ? `No answer within ${timeout} ms.` : 'The server could not be reached.';
        throw new ApiError({ operation, kind, status: 0, type: kind, message, cause });
      }
      if (!response.ok) {
        // A SaaSus `{type, message, data}` body when there is one; a gateway page keeps the generic description.
        let answer: Body | undefined;
        try {
          answer = recordOf(JSON.parse(text));
        } catch {
          // Not JSON: the generic description below.
        }
        throw new ApiError({
          operation,
          kind: 'http',
          status: response.status,
          type: stringOr(answer?.['type'], 'http_error'),
          message: stringOr(answer?.['message'], `The server answered ${response.status}.`),
          data: recordOf(answer?.['data']),
          traceId: response.headers.get('x-saasus-trace-id') ?? undefined,
        });
      }
      try {
        return text === '' ? undefined : JSON.parse(text);
      } catch (cause) {
        throw new ApiError({ operation, kind: 'http', status: response.status, type: 'invalid_response', message: 'The server answered with something other than JSON.', cause });
      }
    };
  }
  return api as ProxyTransport;
}
