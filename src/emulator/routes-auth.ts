import { getRouterParams, type H3Event, type HTTPMethod, type HTTPResponse } from 'h3';
import { AUTH_PATH_PREFIX, operationNames, operations, type OperationName } from '../api/operations.js';
import { EmulatorError, invalidParameter } from './errors.js';
import { jsonResponse, jsonTextResponse, parseJsonBytes, readBody, serialize, headOf, type Answer } from './http.js';
import { pathParamsOf, type PathParams } from './op-handler.js';
import { mfaHandlers } from './ops-mfa.js';
import { invitationHandlers } from './ops-invitations.js';
import { signUpHandlers } from './ops-sign-up.js';
import { tenantHandlers } from './ops-tenants.js';
import { userHandlers } from './ops-users.js';
import { verificationHandlers } from './ops-verification.js';
import { commit, type RouteDeps, type RouteTable } from './route-table.js';
import { verifySignatureNow, type SignatureVerdict } from './signature.js';
import type { Store } from './store.js';
import { withDeclaredStatuses } from './statuses.js';
import { exchangeCallbackCode, refreshCredentials, userOfIdToken } from './tokens.js';
import type { FaultTarget } from './types.js';
import { toUserInfo } from './users.js';
import { hasBodySchema, validateBody } from './validation.js';

type AnyHandler = (store: Store, params: PathParams, body: unknown) => unknown;

const handlers = {
  ...userHandlers, ...verificationHandlers, ...mfaHandlers, ...signUpHandlers, ...tenantHandlers, ...invitationHandlers,
} satisfies Record<OperationName, unknown>;

/** The request target as received: Node's raw `req.url` when served, else the URL's path + query. */
function rawTarget(event: H3Event): string {
  const raw = event.runtime?.node?.req.url;
  if (typeof raw === 'string' && raw.startsWith('/')) return raw;
  const url = new URL(event.req.url);
  return url.pathname + url.search;
}

/**
 * What an `/v1/auth` route needs of a request, however it arrived: through h3 ({@link fromEvent})
 * or the served emulator's fast path for plain `GET`s (`fast-path.ts`).
 */
export interface AuthRequest {
  method: string;
  /** `Host` header value (host[:port]). */
  host(): string;
  /** Raw request target: path plus `?query` when present, exactly as received. */
  target(): string;
  authorization(): string | null;
  contentType(): string | null;
  /** Path parameters of the matched route, as sent (percent-encoded; `decodeSegments` decodes them). */
  params(): Record<string, string>;
  /** Aborts when the client goes away; only asked for when needed (creating one costs). */
  signal(): AbortSignal;
  /** The whole body, at most `maxBytes` (413 `payload_too_large` beyond). */
  body(maxBytes: number): Promise<Uint8Array>;
}

/** An h3 event as an {@link AuthRequest}. */
class EventRequest implements AuthRequest {
  readonly method: string;
  constructor(private readonly event: H3Event) {
    this.method = event.req.method;
  }
  host(): string {
    return this.event.req.headers.get('host') ?? new URL(this.event.req.url).host;
  }
  target(): string {
    return rawTarget(this.event);
  }
  authorization(): string | null {
    return this.event.req.headers.get('authorization');
  }
  contentType(): string | null {
    return this.event.req.headers.get('content-type');
  }
  /** As matched, still percent-encoded: `decodeSegments` decodes each one whole. */
  params(): Record<string, string> {
    return getRouterParams(this.event) as Record<string, string>;
  }
  signal(): AbortSignal {
    return this.event.req.signal;
  }
  body(maxBytes: number): Promise<Uint8Array> {
    return readBody(this.event, maxBytes);
  }
}

const fromEvent = (event: H3Event): AuthRequest => new EventRequest(event);

const NO_BODY = new Uint8Array(0);

/** Reads the body (413 beyond the limit) and checks the signature (401 `permission_denied`); synchronous for a GET. */
function readSigned(request: AuthRequest, deps: RouteDeps): Uint8Array | Promise<Uint8Array> {
  const method = request.method;
  if (method === 'GET' || method === 'HEAD') return checkSigned(request, deps, NO_BODY);
  return request.body(deps.config.maxBodyBytes).then((body) => checkSigned(request, deps, body));
}

function checkSigned(request: AuthRequest, deps: RouteDeps, body: Uint8Array): Uint8Array | Promise<Uint8Array> {
  const { config } = deps;
  if (!config.verifySignatures) return body;
  const verdict = verifySignatureNow(
    config,
    { method: request.method, host: request.host(), target: request.target(), authorization: request.authorization(), body },
    // Clients sign with the wall clock or, in tests, with the emulator clock: accept both.
    [config.baseNow(), deps.store.now()],
    config.signatureWindowMinutes,
  );
  const accept = (v: SignatureVerdict): Uint8Array => {
    if (!v.ok) throw new EmulatorError('permission_denied', v.reason);
    return body;
  };
  return verdict instanceof Promise ? verdict.then(accept) : accept(verdict);
}

/**
 * Decodes each matched path segment as the SDKs encode it (`encodeURIComponent`): an encoded
 * `/` is part of the value (each parameter is one segment), not a separator.
 */
function decodeSegments(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => {
    try {
      return [name, decodeURIComponent(value)];
    } catch {
      throw invalidParameter(`The path parameter "${name}" is not valid percent-encoding.`);
    }
  }));
}

/**
 * Runs one operation of the table: its status and JSON text (`undefined` for an empty body).
 * Synchronous (an answer, or the error thrown) when nothing needs waiting for: a `GET` with the
 * node:crypto signature check, no fault armed; else a promise.
 */
export function runOperation(name: OperationName, request: AuthRequest, deps: RouteDeps): Answer | Promise<Answer> {
  const signed = readSigned(request, deps);
  if (signed instanceof Promise || deps.faults.armedFor(name)) {
    return (async () => {
      const raw = await signed;
      await deps.faults.apply(name, () => request.signal());
      return answerOperation(name, request, deps, raw);
    })();
  }
  return answerOperation(name, request, deps, signed);
}

function answerOperation(name: OperationName, request: AuthRequest, deps: RouteDeps, raw: Uint8Array): Answer | Promise<Answer> {
  const spec = operations[name];
  const done = withDeclaredStatuses(deps.config.statuses, name, () => {
    const body = hasBodySchema(name) ? validateBody(name, parseJsonBytes(request.contentType(), raw)) : undefined;
    const params: PathParams = pathParamsOf(decodeSegments(request.params()));
    const handler = handlers[name] as unknown as AnyHandler;
    // Serialised inside the synchronous step: a later request cannot change what this one answers.
    const run = () => serialize(handler(deps.store, params, body));
    return spec.method === 'GET' ? run() : commit(deps, run);
  });
  return done instanceof Promise ? done.then((text) => ({ status: spec.successStatus, text })) : { status: spec.successStatus, text: done };
}

async function credentials(event: H3Event, deps: RouteDeps): Promise<HTTPResponse> {
  await readSigned(fromEvent(event), deps);
  await deps.faults.apply('getAuthCredentials', () => event.req.signal);
  const query = new URL(event.req.url).searchParams;
  const credentials = await withDeclaredStatuses(deps.config.statuses, 'getAuthCredentials', () => {
    // SaaSus's query names, as the SDKs send them: `code`, `auth-flow`, `refresh-token`.
    const flow = query.get('auth-flow') ?? 'tempCodeAuth';
    if (flow === 'tempCodeAuth') {
      const code = query.get('code');
      if (!code) throw invalidParameter('Query parameter "code" is required.');
      return commit(deps, () => exchangeCallbackCode(deps.store, code));
    }
    if (flow === 'refreshTokenAuth') {
      const token = query.get('refresh-token');
      if (!token) throw invalidParameter('Query parameter "refresh-token" is required.');
      return commit(deps, () => refreshCredentials(deps.store, token));
    }
    throw invalidParameter('"auth-flow" must be tempCodeAuth or refreshTokenAuth.');
  });
  return jsonResponse(200, credentials);
}

/** `GET /userinfo?token=<ID token>`, signed like every call; anything but a live ID token is a 401. */
async function userInfo(event: H3Event, deps: RouteDeps): Promise<HTTPResponse> {
  await readSigned(fromEvent(event), deps);
  await deps.faults.apply('getUserInfo', () => event.req.signal);
  const token = new URL(event.req.url).searchParams.get('token') ?? '';
  const info = await withDeclaredStatuses(deps.config.statuses, 'getUserInfo', () => toUserInfo(deps.store, userOfIdToken(deps.store, token)));
  return jsonResponse(200, info);
}

/**
 * Registers the 21 operations (from the operation table) plus `/credentials` and `/userinfo`,
 * each recorded in the request log; every `GET` also answers `HEAD` (signed with `HEAD`).
 * Failures are answered by the route table, once.
 */
export function registerAuthRoutes(table: RouteTable, deps: RouteDeps): void {
  const add = (method: HTTPMethod, path: string, operation: FaultTarget, run: (event: H3Event) => Promise<HTTPResponse>) => {
    const tracked = async (event: H3Event) => deps.requests.track(operation, () => event.req.signal, () => run(event));
    table.add(method, path, tracked);
    if (method === 'GET') table.add('HEAD', path, headOf(tracked));
  };
  for (const name of operationNames) {
    const spec = operations[name];
    const path = AUTH_PATH_PREFIX + spec.path.replace(/\{(\w+)\}/g, ':$1');
    add(spec.method, path, name, async (event) => {
      const answer = await runOperation(name, fromEvent(event), deps);
      return jsonTextResponse(answer.status, answer.text);
    });
  }
  add('GET', `${AUTH_PATH_PREFIX}/credentials`, 'getAuthCredentials', (event) => credentials(event, deps));
  add('GET', `${AUTH_PATH_PREFIX}/userinfo`, 'getUserInfo', (event) => userInfo(event, deps));
}

