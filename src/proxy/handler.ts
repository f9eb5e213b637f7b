import type { CallOptions } from '../api/client.types.js';
import type { FlowOperationName, FlowsApi, TenantSignUpApi, UserSession } from '../api/flows-api.js';
import { isApiError } from '../api/errors.js';
import { redactSecrets } from '../api/fetch-error.js';
import { actsForSession, operationNames, operations, type OperationSpec } from '../api/operations.js';
import type { ErrorBody, ProviderName } from '../api/types.js';
import type { FieldRule } from '../api/validation.js';
import { existenceConcealer } from './existence.js';
import { createSelfSignUp, hasTenantOperations, SELF_SIGN_UP_FIELDS, SELF_SIGN_UP_PATH } from './self-sign-up.js';
import { readJsonObject, validateBody } from './validation.js';

/** Options of {@link createSaasusProxy}. */
export interface SaasusProxyOptions {
  /**
   * The signing client (`createSaasUserApi(...)`), or anything with the operations the flows
   * need. With the tenant operations too, the proxy also serves the self sign-up
   * (`GET`/`POST /self-sign-up`), which needs the session's `idToken`.
   */
  api: FlowsApi & Partial<TenantSignUpApi>;
  /**
   * The signed-in user of the app's own session (cookie, header, …), or `null`. The only
   * source of the user id and access token for the session routes; a session with an empty
   * id or token counts as none.
   */
  authenticate: (request: Request) => UserSession | null | undefined | Promise<UserSession | null | undefined>;
  /** Path the proxy is mounted at; requests outside it get 404. Default `/api/saasus`. */
  basePath?: string;
  /** Largest accepted request body in bytes. Default 16 KiB. */
  maxBodyBytes?: number;
  /**
   * Whether the public routes (sign-up, resend, Marketplace sign-up) answer alike whether or not
   * an address has an account, as Cognito's "prevent user existence errors": a sign-up of a taken
   * address answers like a new one, a resend for an unknown or confirmed address like a resend
   * (with the same cooldown). Default `true`.
   */
  preventUserExistenceErrors?: boolean;
  /** The SaaS's resend cooldown, for made-up resends (see `preventUserExistenceErrors`). Default 60 s. */
  resendCooldownMs?: number;
  /** Told about unexpected failures (they are answered with a generic body); the proxy prints nothing. */
  onError?: (error: unknown, context: { request: Request; operation: ProxyOperation | undefined }) => void;
}

/** What the proxy runs: an operation of the flows, or the self sign-up. */
export type ProxyOperation = FlowOperationName | 'selfSignUp';

/** A web-standard request handler: mount it in Node, Hono, h3 or a Next.js route handler. */
export type SaasusProxyHandler = (request: Request) => Promise<Response>;

/** One route of the proxy, read from a row of the operations table that has a `proxy` path. */
interface Route {
  readonly operation: FlowOperationName;
  readonly spec: OperationSpec;
  /** The proxy path split at `/`; `{provider_name}` is the only placeholder. */
  readonly parts: readonly string[];
  readonly session: boolean;
  /** What the browser may send: the body's fields without the access token (taken from the session). */
  readonly fields: Readonly<Record<string, FieldRule>> | undefined;
}

const ROUTES: readonly Route[] = operationNames.flatMap((name) => {
  const spec: OperationSpec = operations[name];
  if (spec.proxy === undefined) return [];
  const fields = spec.body && Object.fromEntries(Object.entries(spec.body).filter(([field]) => field !== 'access_token'));
  return [{ operation: name as FlowOperationName, spec, parts: spec.proxy.split('/').filter(Boolean), session: actsForSession(spec), fields }];
});

/** Providers a user may unlink. */
const PROVIDER_NAMES: readonly ProviderName[] = ['Google'];
const TRACE_HEADER = 'x-saasus-trace-id';

function json(status: number, body: unknown, traceId?: string, extra?: Record<string, string>): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra };
  if (traceId !== undefined) headers[TRACE_HEADER] = traceId;
  if (body === undefined) return new Response(null, { status, headers });
  headers['content-type'] = 'application/json; charset=utf-8';
  return new Response(JSON.stringify(body), { status, headers });
}

const fail = (status: number, type: string, message: string, traceId?: string, extra?: Record<string, string>): Response =>
  json(status, { type, message } satisfies ErrorBody, traceId, extra);

/**
 * Replaces the session's access token wherever it shows up in a value about to be sent, in every
 * spelling the client's errors are cleaned of; a token under 8 characters is no real one and
 * would mangle unrelated text.
 */
const redact = (value: unknown, secret: string | undefined): unknown =>
  secret === undefined || secret.length < 8 ? value : redactSecrets(value, [secret]);

function matchPath(parts: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    // Stryker disable next-line StringLiteral: the lengths are equal (checked above), so segments[i] is always there
    const segment = segments[i] ?? '';
    // Stryker disable next-line Regex: every proxy path part is a plain word or a whole `{name}` (test/proxy/browser-routes.test.ts), so the anchors match the same parts
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name !== undefined) params[name] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

function callOptions(request: Request): CallOptions {
  const options: CallOptions = { signal: request.signal };
  const traceId = request.headers.get(TRACE_HEADER);
  if (traceId !== null && traceId !== '' && traceId.length <= 256) options.traceId = traceId;
  const headers: Record<string, string> = {};
  const referer = request.headers.get('referer');
  const saasusReferer = request.headers.get('x-saasus-referer');
  if (referer) headers['Referer'] = referer;
  if (saasusReferer) headers['X-SaaSus-Referer'] = saasusReferer;
  if (Object.keys(headers).length > 0) options.headers = headers;
  return options;
}

/**
 * Creates the back-end proxy that browser flows call through `proxyTransport`. It exposes only
 * the operations with a proxy route in the operations table (admin operations have none), takes the
 * user from `authenticate(request)` for every token operation, validates bodies, and answers
 * errors with the SaaSus `{type, message, data}` shape. Responses never carry the secret key
 * or the session's access token.
 *
 * @example
 * const proxy = createSaasusProxy({ api: createSaasUserApi.fromEnv(), authenticate: (req) => sessions.get(req) });
 * // Next.js: app/api/saasus/[...path]/route.ts
 * export const GET = proxy, POST = proxy, PUT = proxy, PATCH = proxy, DELETE = proxy;
 */
export function createSaasusProxy(options: SaasusProxyOptions): SaasusProxyHandler {
  const basePath = (options.basePath ?? '/api/saasus').replace(/\/+$/, '');
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const concealer =
    options.preventUserExistenceErrors === false ? undefined : existenceConcealer(options.resendCooldownMs ?? 60_000, Date.now, () => crypto.randomUUID());
  const selfSignUp = hasTenantOperations(options.api) ? createSelfSignUp(options.api) : undefined;
  const report = (error: unknown, request: Request, operation: ProxyOperation | undefined): void => {
    try {
      // Stryker disable next-line OptionalChaining: without onError the call throws a TypeError here, which the catch below ignores all the same
      options.onError?.(error, { request, operation });
    } catch {
      // A failing reporter must not change the answer.
    }
  };

  return async function saasusProxy(request: Request): Promise<Response> {
    const incomingTrace = request.headers.get(TRACE_HEADER) ?? undefined;
    const pathname = new URL(request.url).pathname;
    // The base path itself has no route either: it gets the same 404 below.
    if (!pathname.startsWith(`${basePath}/`)) return fail(404, 'not_found', 'No such route.');
    let segments: string[];
    try {
      segments = pathname.slice(basePath.length).split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return fail(404, 'not_found', 'No such route.');
    }

    if (segments.length === 1 && segments[0] === SELF_SIGN_UP_PATH && selfSignUp !== undefined) {
      if (request.method !== 'GET' && request.method !== 'POST') return fail(405, 'method_not_allowed', 'Use GET, POST for this route.', undefined, { allow: 'GET, POST' });
      let accessToken: string | undefined;
      try {
        const user = await options.authenticate(request);
        if (!user || !user.userId || !user.accessToken) return fail(401, 'unauthenticated', 'Sign in to use this operation.');
        accessToken = user.accessToken;
        const { idToken } = user;
        if (!idToken) return fail(401, 'unauthenticated', 'Sign in again to create your tenant.');
        const session = { ...user, idToken };
        if (request.method === 'GET') {
          const answer = await selfSignUp.form(session, callOptions(request));
          return json(answer.status, redact(answer.body, accessToken), incomingTrace);
        }
        const read = await readJsonObject(request, maxBodyBytes);
        if (!read.ok) return json(read.status, read.body);
        const valid = validateBody(read.value, SELF_SIGN_UP_FIELDS);
        if (!valid.ok) return json(valid.status, valid.body);
        const answer = await selfSignUp.run(session, valid.value, callOptions(request));
        return json(answer.status, redact(answer.body, accessToken), incomingTrace);
      } catch (error) {
        return errorResponse(error, request, 'selfSignUp', accessToken, incomingTrace, report);
      }
    }

    const matches = ROUTES.flatMap((route) => {
      const params = matchPath(route.parts, segments);
      return params === undefined ? [] : [{ route, params }];
    });
    if (matches.length === 0) return fail(404, 'not_found', 'No such route.');
    const found = matches.find((m) => m.route.spec.method === request.method);
    if (found === undefined) {
      const allow = [...new Set(matches.map((m) => m.route.spec.method))].join(', ');
      return fail(405, 'method_not_allowed', `Use ${allow} for this route.`, undefined, { allow });
    }
    const { route, params } = found;
    const { operation, spec } = route;

    let session: UserSession | undefined;
    let body: unknown;
    try {
      if (route.session) {
        const user = await options.authenticate(request);
        if (!user || !user.userId || !user.accessToken) return fail(401, 'unauthenticated', 'Sign in to use this operation.');
        session = user;
      }
      const provider = params['provider_name'];
      if (provider !== undefined && !(PROVIDER_NAMES as readonly string[]).includes(provider)) {
        // Stryker disable next-line StringLiteral: with the one provider there is, the separator never shows
        const known = PROVIDER_NAMES.join(', ');
        return fail(400, 'invalid_parameter', `Unknown sign-in provider "${provider}"; use ${known}.`);
      }
      // The client method's arguments: path parameters (the user from the session), the body, the call options.
      // Stryker disable next-line OptionalChaining: routes with a user_id act for the session (actsForSession), so session is set here
      const args: unknown[] = spec.pathParams.map((param) => (param === 'user_id' ? session?.userId : params[param]));
      if (route.fields !== undefined) {
        const read = await readJsonObject(request, maxBodyBytes);
        if (!read.ok) return json(read.status, read.body);
        const valid = validateBody(read.value, route.fields);
        if (!valid.ok) return json(valid.status, valid.body);
        body = valid.value;
        // Stryker disable next-line OptionalChaining: route.fields is only set for rows with a body, so spec.body is set here
        args.push(spec.body?.['access_token'] && session ? { ...valid.value, access_token: session.accessToken } : valid.value);
      }
      const cooling = concealer?.coolingDown(operation, body);
      if (cooling !== undefined && !cooling.ok) return resendCooldown(cooling.retryAt, incomingTrace);
      args.push(callOptions(request));
      const method = options.api[operation] as (...values: unknown[]) => Promise<unknown>;
      const result = await method.apply(options.api, args);
      return json(spec.successStatus, redact(result, session?.accessToken), incomingTrace);
    } catch (error) {
      const concealed = concealer?.conceal(operation, error, body);
      if (concealed?.ok) return json(spec.successStatus, concealed.value, incomingTrace);
      return errorResponse(error, request, operation, session?.accessToken, incomingTrace, report);
    }
  };
}

/** The answer SaaSus gives a resend within its cooldown (`limit_exceeded`, 429 where statuses are descriptive). */
function resendCooldown(retryAt: number, traceId: string | undefined): Response {
  const retryAfterMs = Math.max(0, retryAt - Date.now());
  return json(
    429,
    { type: 'limit_exceeded', message: 'A message was sent recently; wait before asking again.', data: { reason: 'cooldown', retry_after_ms: retryAfterMs, next_allowed_at: retryAt } },
    traceId,
  );
}

function errorResponse(
  error: unknown,
  request: Request,
  operation: ProxyOperation,
  accessToken: string | undefined,
  incomingTrace: string | undefined,
  report: (error: unknown, request: Request, operation: ProxyOperation | undefined) => void,
): Response {
  if (isApiError(error)) {
    const traceId = error.traceId ?? incomingTrace;
    if (error.kind === 'http' && error.status >= 400 && error.status <= 599) {
      return json(error.status, redact(error.toBody(), accessToken), traceId);
    }
    // 499: the browser went away (nginx's "client closed request"); nobody reads this answer.
    if (error.kind === 'aborted') return fail(499, 'aborted', 'The request was cancelled.', traceId);
    report(error, request, operation);
    if (error.kind === 'timeout') return fail(504, 'timeout', 'The SaaSus API did not answer in time.', traceId);
    return fail(502, 'network', 'The SaaSus API could not be reached.', traceId);
  }
  report(error, request, operation);
  return fail(500, 'internal_error', 'The request could not be completed.', incomingTrace);
}
