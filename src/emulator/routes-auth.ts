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
import { exchangeCallbackCode, refreshCredentials, userOfAccessToken } from './tokens.js';
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

async function runOperation(name: OperationName, event: H3Event, deps: RouteDeps): Promise<HTTPResponse> {
  const spec = operations[name];
  const raw = await readSigned(event, deps);
  await deps.faults.apply(name, () => event.req.signal);
  const body = hasBodySchema(name) ? validateBody(name, parseJsonBody(event.req, raw)) : undefined;
  const decoded = getRouterParams(event, { decode: true });
  const params: PathParams = pathParamsOf(decoded);
  const handler = handlers[name] as unknown as AnyHandler;
  // Serialised inside the synchronous step: a later request cannot change what this one answers.
  const run = () => serialize(handler(deps.store, params, body));
  const text = spec.method === 'GET' ? run() : await commit(deps, run);
  return jsonTextResponse(spec.successStatus, text);
}

async function credentials(event: H3Event, deps: RouteDeps): Promise<HTTPResponse> {
  await readSigned(event, deps);
  await deps.faults.apply('getAuthCredentials', () => event.req.signal);
  const query = new URL(event.req.url).searchParams;
  const flow = query.get('auth_flow') ?? 'tempCodeAuth';
  if (flow === 'tempCodeAuth') {
    const code = query.get('code');
    if (!code) throw invalidParameter('Query parameter "code" is required.');
    return jsonResponse(200, await commit(deps, () => exchangeCallbackCode(deps.store, code)));
  }
  if (flow === 'refreshTokenAuth') {
    const token = query.get('refresh_token');
    if (!token) throw invalidParameter('Query parameter "refresh_token" is required.');
    return jsonResponse(200, await commit(deps, () => refreshCredentials(deps.store, token)));
  }
  throw invalidParameter('"auth_flow" must be tempCodeAuth or refreshTokenAuth.');
}

/** `GET /userinfo`: with `Authorization: Bearer <access token>`, or signed with `?token=`. */
async function userInfo(event: H3Event, deps: RouteDeps): Promise<HTTPResponse> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(event.req.headers.get('authorization') ?? '')?.[1];
  if (bearer === undefined) await readSigned(event, deps);
  await deps.faults.apply('getUserInfo', () => event.req.signal);
  const token = bearer ?? new URL(event.req.url).searchParams.get('token');
  if (!token) throw invalidParameter('Send the access token as "Authorization: Bearer …" or the "token" query parameter.');
  return jsonResponse(200, toUserInfo(deps.store, userOfAccessToken(deps.store, token)));
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

