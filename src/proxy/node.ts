import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler as srvxNodeHandler } from 'srvx/node';

/** A `node:http` request listener; Express and Connect take it as middleware too. */
export type NodeRequestListener = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/**
 * Mounts a web-standard handler (`createSaasusProxy`'s, or the flow endpoint of
 * `saasus-flows/server`) on `node:http`, Express or Connect, through srvx's Node adapter: the
 * request body streams in, `request.signal` aborts when the client goes away, and the answer
 * streams out.
 *
 * @example
 * import { createServer } from 'node:http';
 * createServer(toNodeHandler(proxy)).listen(3000, '127.0.0.1');
 * // Express: app.all('/api/saasus/*splat', toNodeHandler(proxy)) (a route keeps the full path the proxy matches).
 */
export function toNodeHandler(handler: (request: Request) => Response | Promise<Response>): NodeRequestListener {
  return srvxNodeHandler(handler) as NodeRequestListener;
}
