import type { H3Event } from 'h3';
import { EmulatorError } from './errors.js';
import { isJsonContentType } from './http.js';

/** Where a served emulator listens: the `Host` values its control surface answers to. */
export interface Binding {
  /** Allowed `Host` header values, lower-case `name:port`. */
  hosts: ReadonlySet<string>;
  /** With a wildcard bind (`0.0.0.0`, `::`): also the address the connection arrived on. */
  wildcard: boolean;
  port: number;
}

/**
 * The binding of each request that came through {@link serveEmulator}, keyed by Node's request
 * object. A request without one was handed to `emulator.fetch` in-process: no socket, no `Host`
 * to trust (the URL is the caller's choice), so only the Origin and content-type rules apply.
 */
export const servedBindings: WeakMap<object, Binding> = new WeakMap();

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether a listen address (or host name) is loopback only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** `Host` form of an address: IPv6 in brackets. */
function hostForm(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * The `Host` values a server bound to `host:port` answers to: the loopback names for a loopback
 * (or wildcard) bind, the bound address itself, and `extraHosts` (names without a port get it).
 */
export function bindingFor(host: string, port: number, extraHosts: readonly string[] = []): Binding {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const names = isLoopbackHost(host) || wildcard ? [...LOOPBACK_NAMES] : [];
  if (!wildcard) names.push(hostForm(host.replace(/^\[|\]$/g, '')));
  const hosts = new Set(names.map((n) => `${n.toLowerCase()}:${port}`));
  for (const extra of extraHosts) hosts.add((/:\d+$/.test(extra) ? extra : `${extra}:${port}`).toLowerCase());
  return { hosts, wildcard, port };
}

function refuse(type: 'host_not_allowed' | 'cross_site_request', message: string): EmulatorError {
  return new EmulatorError(type, message);
}

/** The origin of the emulator as this request reached it. */
function ownOrigin(event: H3Event, binding: Binding | undefined): string {
  if (binding === undefined) return new URL(event.req.url).origin;
  return `http://${(event.req.headers.get('host') ?? '').toLowerCase()}`;
}

/**
 * The control surface and the sign-in page answer only local, same-origin requests:
 * - served: the `Host` header must be an address the emulator is bound to (a DNS-rebinding page
 *   sends its own name), else 403 `host_not_allowed`;
 * - an `Origin` other than the emulator's own, or `Sec-Fetch-Site: cross-site`, is a page of
 *   another site: 403 `cross_site_request`;
 * - `jsonWrite`: a POST/PUT/PATCH must be `application/json` (a cross-site form or `text/plain`
 *   beacon cannot send it without a CORS preflight, which the emulator never grants), else 415.
 */
export function assertLocalRequest(event: H3Event, jsonWrite: boolean): void {
  const node = event.runtime?.node?.req;
  const binding = node === undefined ? undefined : servedBindings.get(node);
  if (binding !== undefined) {
    const host = (event.req.headers.get('host') ?? '').toLowerCase();
    const local = event.runtime?.node?.req.socket.localAddress;
    const arrivedOn = binding.wildcard && local !== undefined ? `${hostForm(local.replace(/^::ffff:/, ''))}:${binding.port}`.toLowerCase() : undefined;
    if (!binding.hosts.has(host) && host !== arrivedOn) {
      throw refuse('host_not_allowed', `The control surface answers only to the address the emulator is bound to, not Host "${host.slice(0, 100)}".`);
    }
  }
  const origin = event.req.headers.get('origin');
  if (origin !== null && origin.toLowerCase() !== ownOrigin(event, binding).toLowerCase()) {
    throw refuse('cross_site_request', `Requests from another site (Origin ${origin.slice(0, 100)}) are refused.`);
  }
  if (event.req.headers.get('sec-fetch-site') === 'cross-site') throw refuse('cross_site_request', 'Requests from another site are refused.');
  const method = event.req.method;
  if (jsonWrite && (method === 'POST' || method === 'PUT' || method === 'PATCH') && !isJsonContentType(event.req.headers.get('content-type'))) {
    throw new EmulatorError('unsupported_media_type', 'Control requests that change state must be sent as Content-Type: application/json.');
  }
}
