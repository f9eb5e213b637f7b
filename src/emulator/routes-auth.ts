import { getRouterParams, type H3Event, type HTTPMethod, type HTTPResponse } from 'h3';
import { AUTH_PATH_PREFIX, operationNames, operations, type OperationName } from '../api/operations.js';
import { EmulatorError, invalidParameter } from './errors.js';
import { jsonResponse, jsonTextResponse, parseJsonBody, readBody, serialize, headOf } from './http.js';
import { pathParamsOf, type PathParams } from './op-handler.js';
import { mfaHandlers } from './ops-mfa.js';
import { invitationHandlers } from './ops-invitations.js';
import { signUpHandlers } from './ops-sign-up.js';
import { tenantHandlers } from './ops-tenants.js';
import { userHandlers } from './ops-users.js';
import { verificationHandlers } from './ops-verification.js';
import { commit, type RouteDeps, type RouteTable } from './route-table.js';
import { verifySignature } from './signature.js';
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

/** Reads the body (413 beyond the limit) and checks the signature (401 `permission_denied`). */
async function readSigned(event: H3Event, deps: RouteDeps): Promise<Uint8Array> {
  const { config } = deps;
  const method = event.req.method;
  const body = method === 'GET' || method === 'HEAD' ? new Uint8Array(0) : await readBody(event, config.maxBodyBytes);
  if (!config.verifySignatures) return body;
  const verdict = await verifySignature(
    config,
    {
      method,
      host: event.req.headers.get('host') ?? new URL(event.req.url).host,
      target: rawTarget(event),
      authorization: event.req.headers.get('authorization'),
      body,
    },
    // Clients sign with the wall clock or, in tests, with the emulator clock: accept both.
    [config.baseNow(), deps.store.now()],
    config.signatureWindowMinutes,
  );
  if (!verdict.ok) throw new EmulatorError('permission_denied', verdict.reason);
  return body;
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

async function runOperation(name: OperationName, event: H3Event, deps: RouteDeps): Promise<HTTPResponse> {
  const spec = operations[name];
  const raw = await readSigned(event, deps);
  await deps.faults.apply(name, () => event.req.signal);
  const text = await withDeclaredStatuses(deps.config.statuses, name, () => {
    const body = hasBodySchema(name) ? validateBody(name, parseJsonBody(event.req, raw)) : undefined;
    const params: PathParams = pathParamsOf(decodeSegments(getRouterParams(event)));
    const handler = handlers[name] as unknown as AnyHandler;
    // Serialised inside the synchronous step: a later request cannot change what this one answers.
    const run = () => serialize(handler(deps.store, params, body));
    return spec.method === 'GET' ? run() : commit(deps, run);
  });
  return jsonTextResponse(spec.successStatus, text);
}

async function credentials(event: H3Event, deps: RouteDeps): Promise<HTTPResponse> {
  await readSigned(event, deps);
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
  await readSigned(event, deps);
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
    const tracked = (event: H3Event) => deps.requests.track(operation, () => event.req.signal, () => run(event));
    table.add(method, path, tracked);
    if (method === 'GET') table.add('HEAD', path, headOf(tracked));
  };
  for (const name of operationNames) {
    const spec = operations[name];
    const path = AUTH_PATH_PREFIX + spec.path.replace(/\{(\w+)\}/g, ':$1');
    add(spec.method, path, name, (event) => runOperation(name, event, deps));
  }
  add('GET', `${AUTH_PATH_PREFIX}/credentials`, 'getAuthCredentials', (event) => credentials(event, deps));
  add('GET', `${AUTH_PATH_PREFIX}/userinfo`, 'getUserInfo', (event) => userInfo(event, deps));
}

