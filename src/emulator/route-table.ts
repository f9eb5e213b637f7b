import type { H3, H3Event, HTTPMethod, HTTPResponse } from 'h3';
import { EmulatorError } from './errors.js';
import type { EmulatorConfig } from './config.js';
import type { Faults } from './faults.js';
import { errorResponse } from './http.js';
import type { RequestLog } from './request-log.js';
import type { Store } from './store.js';

/** What the HTTP routes need. */
export interface RouteDeps {
  config: EmulatorConfig;
  store: Store;
  faults: Faults;
  /** Outcome of each `/v1/auth` request (answered, or aborted by the client). */
  requests: RequestLog;
  /** Persists the state after a change (no-op without a data file). */
  save: () => Promise<void>;
  /**
   * Waits for the writes already scheduled: the control object schedules its own on every
   * change, so a route that changed state through it needs no second write.
   */
  flush: () => Promise<void>;
}

/** Runs a synchronous state change, then persists it, whether it succeeded or counted a failure. */
export async function commit<T>(deps: RouteDeps, run: () => T): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: run() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  try {
    await deps.save();
  } catch {
    throw new EmulatorError('internal_error', 'The emulator could not write its state file.');
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** A route handler: answers with a response or throws an `EmulatorError`. */
export type RouteHandler = (event: H3Event) => Promise<HTTPResponse> | HTTPResponse;

/**
 * Registers routes on the h3 app and remembers their patterns, so an unmatched request can be
 * told apart as 405 (path known, method not) or 404. Handler errors become SaaSus error bodies.
 */
export class RouteTable {
  private readonly patterns: { method: string; regex: RegExp }[] = [];

  constructor(private readonly app: H3) {}

  add(method: HTTPMethod, path: string, handler: RouteHandler): void {
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/:[a-z_]+/g, '[^/]+');
    this.patterns.push({ method, regex: new RegExp(`^${source}/?$`) });
    this.app.on(method, path, async (event) => {
      try {
        return await handler(event);
      } catch (error) {
        return errorResponse(error);
      }
    });
  }

  /** Methods registered for `pathname`. */
  allowed(pathname: string): string[] {
    return [...new Set(this.patterns.filter((p) => p.regex.test(pathname)).map((p) => p.method))];
  }

  /** The catch-all: 405 with `Allow` for a known path, 404 otherwise. Register last. */
  addFallback(): void {
    this.app.all('/**', (event) => {
      const allow = this.allowed(event.url.pathname);
      if (allow.length > 0) {
        return errorResponse(
          new EmulatorError('method_not_allowed', `${event.req.method} is not allowed here; use ${allow.join(', ')}.`, { allow: allow.join(', ') }),
        );
      }
      return errorResponse(new EmulatorError('not_found', `No route for ${event.req.method} ${event.url.pathname}.`));
    });
  }
}
