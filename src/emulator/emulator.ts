import { H3, HTTPError } from 'h3';
import { resolveConfig } from './config.js';
import { createControl } from './control.js';
import { EmulatorError } from './errors.js';
import { createFastPath, type FastPath } from './fast-path.js';
import { Faults } from './faults.js';
import { acceptableTraceId, errorResponse, TRACE_HEADER } from './http.js';
import { registerLoginPage } from './login-page.js';
import { createPersistence } from './persistence.js';
import { RequestLog } from './request-log.js';
import { RouteTable, type RouteDeps } from './route-table.js';
import { registerAuthRoutes } from './routes-auth.js';
import { registerControlRoutes } from './routes-control.js';
import { Store } from './store.js';
import type { Emulator, EmulatorOptions } from './types.js';

const H3_ERROR_TYPES: Record<number, string> = { 400: 'invalid_parameter', 404: 'not_found', 405: 'method_not_allowed', 413: 'payload_too_large', 415: 'unsupported_media_type' };

/** The h3 app behind each emulator, for `serveEmulator`. */
export const emulatorApps: WeakMap<Emulator, H3> = new WeakMap();

/** The fast path of each emulator's plain operation `GET`s, for `serveEmulator` (h3 answers the rest). */
export const emulatorFastPaths: WeakMap<Emulator, FastPath> = new WeakMap();

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * Creates a local SaaSus auth emulator: all 21 `SaasUserApi` operations under `/v1/auth` with
 * SAASUSSIGV1 checks, plus `GET /v1/auth/credentials`, `GET /v1/auth/userinfo`, a control
 * surface under `/_emulator` and a hosted sign-in page. State is in memory, or in `dataFile`.
 * @throws TypeError for invalid options or a corrupt `dataFile`.
 * @example
 * const emulator = createEmulator();
 * const api = createSaasUserApi({ baseURL: 'http://emulator.test', ...emulator.credentials, fetch: emulator.fetch });
 * const user = await api.signUp({ email: 'a@example.com' });
 * const { temporaryPassword } = emulator.control.latestMessage('a@example.com') ?? {};
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const config = resolveConfig(options);
  const store = new Store(config);
  const faults = new Faults();
  const requests = new RequestLog();
  const persistence = config.dataFile === undefined ? undefined : createPersistence(config.dataFile, () => store.state);
  const loaded = persistence?.load();
  if (loaded) store.state = loaded;

  // Writes from the in-process control object are not awaited; their failures surface on the
  // next awaited write (an HTTP request) or on close().
  let pendingError: unknown;
  const save = persistence ? () => persistence.save() : () => Promise.resolve();
  const flush = persistence ? () => persistence.flush() : () => Promise.resolve();
  const changed = () => {
    save().catch((error: unknown) => {
      pendingError = error;
    });
  };
  const control = createControl(store, faults, requests, changed);

  const app = new H3({
    onError: (error: HTTPError) => {
      const type = H3_ERROR_TYPES[error.status];
      return errorResponse(type ? new EmulatorError(type, error.message || 'Bad request.', undefined, error.status) : error);
    },
    onResponse: (response, event) => {
      const incoming = event.req.headers.get(TRACE_HEADER);
      try {
        response.headers.set(TRACE_HEADER, acceptableTraceId(incoming) ? incoming : globalThis.crypto.randomUUID());
      } catch {
        // Immutable headers (never produced by our routes): nothing to add.
      }
    },
  });
  const deps: RouteDeps = { config, store, faults, requests, save, flush };
  const table = new RouteTable(app);
  registerAuthRoutes(table, deps);
  registerControlRoutes(table, deps, control);
  registerLoginPage(table, deps, control);
  table.addFallback();

  const emulator: Emulator = {
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      if (request.signal.aborted) throw request.signal.reason;
      return Promise.race([Promise.resolve(app.fetch(request)), aborted(request.signal)]);
    },
    credentials: Object.freeze({ saasId: config.saasId, apiKey: config.apiKey, secretKey: config.secretKey }),
    passwordPolicy: Object.freeze({ temporaryPasswordValidityDays: config.temporaryPasswordValidityDays }),
    statuses: config.statuses,
    control,
    async close() {
      await save();
      if (pendingError !== undefined) {
        const error = pendingError;
        pendingError = undefined;
        throw error;
      }
    },
  };
  emulatorApps.set(emulator, app);
  emulatorFastPaths.set(emulator, createFastPath(deps));
  return emulator;
}
