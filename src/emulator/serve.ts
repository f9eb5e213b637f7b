import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from 'h3';
import { emulatorApps, emulatorFastPaths } from './emulator.js';
import { bindingFor, isLoopbackHost, servedBindings } from './local-only.js';
import type { Emulator } from './types.js';

/** Where to listen. */
export interface ServeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface; default `127.0.0.1` (loopback only). Any other needs `allowRemote`. */
  host?: string;
  /**
   * Allows a non-loopback `host` (e.g. `0.0.0.0`): the emulator is then reachable from the
   * network, with its unsigned control surface. Off by default.
   */
  allowRemote?: boolean;
  /**
   * More `Host` header values the control surface and sign-in page answer to (e.g. a LAN name),
   * besides the bound address (and the loopback names for a loopback or wildcard bind).
   */
  allowedHosts?: readonly string[];
}

/** A running emulator server. */
export interface ServedEmulator {
  /** Base URL to give the client as `baseURL`, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Whether it listens on a non-loopback interface (only with `allowRemote`). */
  remote: boolean;
  /** Stops listening, drops open connections and waits for pending state writes. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Serves an emulator over HTTP (node:http, keep-alive). The raw request target and `Host`
 * header reach the signature check unchanged. Loopback only unless `allowRemote`; the control
 * surface and the sign-in page answer only to the bound address as `Host`.
 * @throws TypeError for a bad port, or a non-loopback `host` without `allowRemote`.
 * @example
 * const { url, close } = await serveEmulator(createEmulator(), { port: 0 });
 */
export async function serveEmulator(emulator: Emulator, options: ServeOptions = {}): Promise<ServedEmulator> {
  const app = emulatorApps.get(emulator);
  if (!app) throw new TypeError('serveEmulator: pass an emulator made by createEmulator().');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError(`serveEmulator: invalid port ${String(port)}.`);
  const remote = !isLoopbackHost(host);
  if (remote && options.allowRemote !== true) {
    throw new TypeError(
      `serveEmulator: "${host}" is not a loopback address; the emulator's unsigned control surface would be reachable from the network. Pass allowRemote: true (--allow-remote) to do it anyway.`,
    );
  }
  const allowedHosts = options.allowedHosts ?? [];
  if (!Array.isArray(allowedHosts) || allowedHosts.some((h) => typeof h !== 'string' || !/^[\w.\-[\]:]+$/.test(h))) {
    throw new TypeError('serveEmulator: "allowedHosts" must be host names (optionally with :port).');
  }
  const handler = toNodeHandler(app);
  const fast = emulatorFastPaths.get(emulator);
  let binding = bindingFor(host, port, allowedHosts);
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    if (fast?.(req, res)) return;
    servedBindings.set(req, binding);
    return handler(req, res);
  });
  const address = await listen(server, port, host);
  binding = bindingFor(host, address.port, allowedHosts);
  // A wildcard bind is reached locally through loopback, the name the Host check accepts.
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const local = wildcard ? (address.family === 'IPv6' ? '::1' : '127.0.0.1') : address.address;
  const hostPart = local.includes(':') ? `[${local}]` : local;
  return {
    url: `http://${hostPart}:${address.port}`,
    remote,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.close();
    },
  };
}
