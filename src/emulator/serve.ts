import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from 'h3';
import { emulatorApps } from './emulator.js';
import type { Emulator } from './types.js';

/** Where to listen. */
export interface ServeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface; default `127.0.0.1` (loopback only). */
  host?: string;
}

/** A running emulator server. */
export interface ServedEmulator {
  /** Base URL to give the client as `baseURL`, e.g. `http://127.0.0.1:4010`. */
  url: string;
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
 * header reach the signature check unchanged.
 * @example
 * const { url, close } = await serveEmulator(createEmulator(), { port: 0 });
 */
export async function serveEmulator(emulator: Emulator, options: ServeOptions = {}): Promise<ServedEmulator> {
  const app = emulatorApps.get(emulator);
  if (!app) throw new TypeError('serveEmulator: pass an emulator made by createEmulator().');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError(`serveEmulator: invalid port ${String(port)}.`);
  const server = createServer({ keepAliveTimeout: 5_000 }, toNodeHandler(app));
  const address = await listen(server, port, host);
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostPart}:${address.port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.close();
    },
  };
}
