import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTH_PATH_PREFIX, operationNames, operations, type OperationName } from '../api/operations.js';
import { acceptableTraceId, errorAnswer, JSON_CONTENT_TYPE, TRACE_HEADER, type Answer } from './http.js';
import type { RouteDeps } from './route-table.js';
import { runOperation, type AuthRequest } from './routes-auth.js';

/**
 * The served emulator's fast path for plain `GET`s of the operations (`getSaasUser`,
 * `getTenants`, …): matched and answered straight from Node's request, without building h3's
 * event, web `Request`/`Headers` and `Response` objects, with the same statuses, bodies and
 * headers as through h3 (the same operation code answers). Anything unusual (another method,
 * an encoded or dot path segment, a repeated `Host` or `Authorization`, an odd `Host`) returns
 * `false` and goes to h3 as before.
 */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

interface FastRoute {
  name: OperationName;
  /** Path segments after the prefix: a literal, or `null` for a parameter. */
  segments: (string | null)[];
  params: string[];
}

/** A path segment taken as it is: unreserved characters only (nothing to decode), not `.`/`..`. */
const PLAIN_SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;
/** A `Host` value every URL parser reads alike: a DNS name or IPv4 address, optional port. */
const PLAIN_HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::(\d{1,5}))?$/;

function routesByLength(): Map<number, FastRoute[]> {
  const byLength = new Map<number, FastRoute[]>();
  for (const name of operationNames) {
    const spec = operations[name];
    if (spec.method !== 'GET') continue;
    const parts = spec.path.split('/').slice(1);
    const route: FastRoute = { name, segments: [], params: [] };
    for (const part of parts) {
      const param = /^\{(\w+)\}$/.exec(part)?.[1];
      route.segments.push(param === undefined ? part : null);
      if (param !== undefined) route.params.push(param);
    }
    const list = byLength.get(parts.length) ?? [];
    list.push(route);
    byLength.set(parts.length, list);
  }
  // Literal segments win over parameters, as in h3's router: most literals first.
  for (const list of byLength.values()) list.sort((a, b) => literals(b) - literals(a));
  return byLength;
}

const literals = (route: FastRoute) => route.segments.filter((s) => s !== null).length;

/** The operation and decoded parameters of a plain path, or `undefined`. */
function match(byLength: Map<number, FastRoute[]>, path: string): { name: OperationName; params: Record<string, string> } | undefined {
  if (!path.startsWith(`${AUTH_PATH_PREFIX}/`)) return undefined;
  const parts = path.slice(AUTH_PATH_PREFIX.length + 1).split('/');
  for (const part of parts) if (!PLAIN_SEGMENT.test(part)) return undefined;
  for (const route of byLength.get(parts.length) ?? []) {
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) ok = route.segments[i] === null || route.segments[i] === parts[i];
    if (!ok) continue;
    const params: Record<string, string> = {};
    let p = 0;
    for (let i = 0; i < parts.length; i++) if (route.segments[i] === null) params[route.params[p++] as string] = parts[i] as string;
    return { name: route.name, params };
  }
  return undefined;
}

/** How often a header name occurs in Node's raw header list. */
function count(rawHeaders: readonly string[], lowerName: string): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const key = rawHeaders[i] as string;
    if (key.length === lowerName.length && key.toLowerCase() === lowerName) n++;
  }
  return n;
}

/** The request's abort signal, as h3 gives it: aborted when the response closes unfinished. */
function signalOf(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (req.errored) controller.abort(req.errored);
    else if (!res.writableEnded) controller.abort();
  };
  res.once('close', onClose);
  if (res.destroyed || req.destroyed) onClose();
  return controller.signal;
}

/**
 * Writes an answer as h3 and srvx do: the headers in name order (a `Headers` object's), then the
 * body's `content-length`, an empty reason phrase, the trace id kept or made.
 */
function send(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  const incoming = req.headers[TRACE_HEADER];
  const trace = typeof incoming === 'string' && acceptableTraceId(incoming) ? incoming : globalThis.crypto.randomUUID();
  if (answer.text !== undefined && answer.headers === undefined) {
    // The usual answer: JSON and the trace id, already in name order.
    res.writeHead(answer.status, '', ['content-type', JSON_CONTENT_TYPE, TRACE_HEADER, trace, 'content-length', String(Buffer.byteLength(answer.text))]);
    res.end(answer.text);
    return;
  }
  const headers: Record<string, string> =
    answer.text === undefined ? { 'content-length': '0', ...answer.headers } : { 'content-type': JSON_CONTENT_TYPE, ...answer.headers };
  headers[TRACE_HEADER] = trace;
  const raw: string[] = [];
  for (const name of Object.keys(headers).sort()) raw.push(name, headers[name] as string);
  if (answer.text !== undefined) raw.push('content-length', String(Buffer.byteLength(answer.text)));
  res.writeHead(answer.status, '', raw);
  res.end(answer.text);
}

/** {@link send}, or, should writing fail, the connection dropped (as srvx does): never a crashed server. */
function sendOrDrop(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  try {
    send(req, res, answer);
  } catch {
    res.destroy();
  }
}

/** A Node request as an {@link AuthRequest} (a `GET`: no body). */
class FastRequest implements AuthRequest {
  readonly method = 'GET';
  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly hostValue: string,
    private readonly found: { params: Record<string, string> },
  ) {}
  host(): string {
    return this.hostValue;
  }
  target(): string {
    return this.req.url ?? '';
  }
  authorization(): string | null {
    return this.req.headers.authorization ?? null;
  }
  contentType(): string | null {
    return this.req.headers['content-type'] ?? null;
  }
  params(): Record<string, string> {
    return this.found.params;
  }
  signal(): AbortSignal {
    return signalOf(this.req, this.res);
  }
  body(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(0));
  }
}

/** The fast path of one emulator's `/v1/auth` `GET` operations, with the routes' own dependencies. */
export function createFastPath(deps: RouteDeps): FastPath {
  const byLength = routesByLength();
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    if (url.includes('#')) return false;
    const q = url.indexOf('?');
    const found = match(byLength, q < 0 ? url : url.slice(0, q));
    if (!found) return false;
    const raw = req.rawHeaders;
    const host = req.headers.host;
    if (typeof host !== 'string' || count(raw, 'host') !== 1 || count(raw, 'authorization') > 1) return false;
    const port = PLAIN_HOST.exec(host);
    if (!port || Number(port[1] ?? 0) > 65_535) return false;
    const request = new FastRequest(req, res, host, found);
    let answer: Answer | Promise<Answer>;
    try {
      answer = deps.requests.track(found.name, () => request.signal(), () => runOperation(found.name, request, deps));
    } catch (error) {
      answer = errorAnswer(error);
    }
    if (answer instanceof Promise) {
      answer.then(
        (a) => sendOrDrop(req, res, a),
        (error: unknown) => sendOrDrop(req, res, errorAnswer(error)),
      );
    } else sendOrDrop(req, res, answer);
    return true;
  };
}
