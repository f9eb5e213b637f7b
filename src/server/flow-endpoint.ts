import { createActor, getNextSnapshot, type Actor, type AnyMachineSnapshot, type AnyStateMachine, type EventObject, type StateValue } from 'xstate';
import type { FlowError } from '../machines/shared/flow-error.js';
import { persistFlow } from '../machines/shared/persist-flow.js';
import type { SaasusFlows } from '../services/create-saasus-flows.js';
import { isFlowStoreUnavailableError, type FlowRecord, type FlowStore, type PersistedFlow } from './flow-store.js';
import { restoreFlowActor } from './restore-flow.js';

/** The flows the endpoint serves, by machine id (the `:flow` of its paths). */
export const FLOW_IDS = ['signUp', 'emailUpdate', 'externalUserLink', 'mfaSetup', 'awsMarketplaceSignUp'] as const;
/** A machine id the endpoint serves. */
export type FlowId = (typeof FLOW_IDS)[number];

/**
 * Who is asking, as the app's `authenticate` says: `subject` is the app's own session id (it
 * exists before sign-up); `userId` and `accessToken` come once the user is signed in.
 */
export interface FlowAuth {
  subject: string;
  userId?: string;
  accessToken?: string;
}

/** The flow machines the endpoint runs: what `createSaasusFlows` returns (a flow it lacks is not served). */
export type FlowMachines = Partial<SaasusFlows>;

/** Options of {@link createFlowEndpoint}. */
export interface FlowEndpointOptions {
  /**
   * The machines, ready to run: a `createSaasusFlows(api, …)` result, or a function making one
   * per request from the caller's {@link FlowAuth} (its `session` gives the token flows the
   * user; its `confirmSignUp` makes the new user the app's session).
   */
  flows: FlowMachines | ((auth: FlowAuth) => FlowMachines);
  /** Where flows are kept between requests (`memoryFlowStore`, `redisFlowStore`). */
  store: FlowStore;
  /** The caller's session, or nothing (answered 401). */
  authenticate: (request: Request) => FlowAuth | undefined | Promise<FlowAuth | undefined>;
  /**
   * How long one request waits for the flow's request to finish (ms); then that request is
   * aborted and the step shows a retryable `timeout` error. Default 10 000.
   */
  settleTimeoutMs?: number;
  /** The path the endpoint is mounted at (`/flows`); paths below it are the endpoint's. Default `''`. */
  basePath?: string;
  /**
   * How long a flow stays claimed by the instance running its request (ms): other requests on
   * the flow get 409 meanwhile. A claim left by a crashed instance lapses after this. Default
   * `settleTimeoutMs + 5000`.
   */
  claimTtlMs?: number;
  /** The clock for claims (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Told about unexpected failures (never with a secret: the error of a store or an actor). */
  onError?: (error: unknown) => void;
}

/** What a UI renders: a flow's state as the endpoint answers it. */
export interface FlowView {
  /** The flow's id (for the paths of its next requests). */
  id: string;
  /** The machine id. */
  flow: FlowId;
  /** The state value (`'enteringEmail'`, `{ awaitingConfirmation: { … } }`). */
  value: StateValue;
  /** `active` while the flow runs, `done` once it reached a final state. */
  status: 'active' | 'done';
  /** The tags of the state (`busy`, `error`). */
  tags: string[];
  /** The context a UI may show: no password, code, token or secret. */
  context: Record<string, unknown>;
  /** The failure the step shows, if any. */
  error?: FlowError;
  /** The flow's output once it is done. */
  output?: unknown;
  /** Absolute deadlines (epoch ms) found in the context or the error. */
  deadlines: { codeExpiresAt?: number; resendAvailableAt?: number; retryAt?: number };
  /** The stored version; grows with every applied event. */
  version: number;
  /**
   * The TOTP secret to enrol an authenticator app with (render the QR from it): only in the
   * answer of the request that created it. It is never stored; the stored flow waits for the
   * code (`enteringCode`), and `enrollment.restart` gets a new secret.
   */
  secret?: string;
}

/** A web-standard handler: the flow endpoint. */
export type FlowEndpoint = (request: Request) => Promise<Response>;

const MAX_BODY_BYTES = 64 * 1024;
const TIMEOUT_ERROR = { type: 'timeout', message: 'The request took too long. Try again.', retryable: true };
/** Context keys never shown, whatever the flow: anything that looks like a secret. */
const SECRET_KEY = /secret|password|token|passcode|^code$|credential/i;

/** A stored snapshot with the claim of the instance running its request. */
interface ClaimedSnapshot {
  claim?: { until: number };
}

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}

function failure(status: number, type: string, message: string): HttpAnswer {
  return new HttpAnswer(status, { type, message });
}

const notFound = () => failure(404, 'flow_not_found', 'There is no such flow.');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFlowId(value: string): value is FlowId {
  return (FLOW_IDS as readonly string[]).includes(value);
}

/** The stored snapshot without the endpoint's claim. */
function plainSnapshot(record: FlowRecord): PersistedFlow {
  const { claim: _claim, ...snapshot } = record.snapshot as PersistedFlow & ClaimedSnapshot;
  return snapshot as PersistedFlow;
}

function claimOf(record: FlowRecord): number | undefined {
  return (record.snapshot as PersistedFlow & ClaimedSnapshot).claim?.until;
}

function numberAt(source: unknown, key: string): number | undefined {
  const value = isRecord(source) ? source[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The view of a machine snapshot; `persisted` is what is (or would be) stored, whose context is the public one. */
function viewOf(id: string, flow: FlowId, snapshot: AnyMachineSnapshot, persisted: PersistedFlow, version: number): FlowView {
  const savedContext = (persisted as { context?: unknown }).context;
  const context: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(isRecord(savedContext) ? savedContext : {})) {
    if (key === 'error' || SECRET_KEY.test(key) || value === undefined) continue;
    context[key] = value;
  }
  const live = snapshot.context as Record<string, unknown>;
  const error = isRecord(live['error']) ? (live['error'] as unknown as FlowError) : undefined;
  const deadlines: FlowView['deadlines'] = {};
  const codeExpiresAt = numberAt(live, 'codeExpiresAt');
  const resendAvailableAt = numberAt(live, 'resendAvailableAt');
  const retryAt = numberAt(error, 'retryAt');
  if (codeExpiresAt !== undefined) deadlines.codeExpiresAt = codeExpiresAt;
  if (resendAvailableAt !== undefined) deadlines.resendAvailableAt = resendAvailableAt;
  if (retryAt !== undefined) deadlines.retryAt = retryAt;
  const view: FlowView = {
    id,
    flow,
    value: snapshot.value,
    status: snapshot.status === 'done' ? 'done' : 'active',
    tags: [...snapshot.tags].sort(),
    context,
    deadlines,
    version,
  };
  if (error) view.error = { ...error };
  if (snapshot.status === 'done') view.output = snapshot.output;
  return view;
}

/** Waits until the actor is no longer busy (or stopped, done, failed), at most `timeoutMs`: true when it settled. */
function settle(actor: Actor<AnyStateMachine>, timeoutMs: number): Promise<boolean> {
  const settled = (snapshot: AnyMachineSnapshot) => snapshot.status !== 'active' || !snapshot.hasTag('busy');
  if (settled(actor.getSnapshot())) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      resolve(false);
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve(true);
    };
    const subscription = actor.subscribe({
      next: (snapshot) => {
        if (settled(snapshot)) finish();
      },
      error: finish,
      complete: finish,
    });
  });
}

/**
 * Ends the requests still running after the settle timeout: each busy invoke is answered with a
 * retryable `timeout` failure, as if its actor had rejected, so the machine leaves the busy state
 * the way it does on any failure (leaving it aborts the request's signal).
 */
function timeOut(actor: Actor<AnyStateMachine>): void {
  const snapshot = actor.getSnapshot();
  for (const invokeId of Object.keys(snapshot.children)) {
    if (!actor.getSnapshot().hasTag('busy')) break;
    actor.send({ type: `xstate.error.actor.${invokeId}`, error: TIMEOUT_ERROR });
  }
}

async function readBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return { ok: false };
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The flow endpoint: server-driven flows that any instance of the app can continue. A
 * web-standard `Request => Response` handler (Node via a small adapter, Hono, h3, Next.js route
 * handlers), with paths relative to `basePath`; `:flow` is a machine id (`signUp`,
 * `emailUpdate`, `externalUserLink`, `mfaSetup`, `awsMarketplaceSignUp`):
 *
 * - `POST /:flow` with the flow's input (JSON, may be empty) starts a flow, runs it until it
 *   is no longer `busy`, stores it: `201 { id, view }`.
 * - `POST /:flow/:id/events` with one UI event (`{ "type": "email.submit", "email": … }`)
 *   restores the flow from the store, sends the event, waits until the flow is no longer busy
 *   or `settleTimeoutMs` passes (then the request is aborted and the step shows a retryable
 *   `timeout` error), stores it with compare-and-set: `200 { view }`. An event the current
 *   state does not take changes nothing and answers the current view.
 * - `GET /:flow/:id` answers `{ view }`.
 *
 * Answers: 401 `unauthenticated` without a subject; 404 `flow_not_found` for an unknown,
 * expired or someone else's flow, or an unknown `:flow`; 400 `invalid_event` / `invalid_input`
 * for a body that is not an event of the flow or that the flow refuses (the flow is unchanged);
 * 409 `{ type: 'conflict', view }` when another request changed or holds the flow (re-send if
 * it still makes sense); 503 `store_unavailable` when the store cannot be reached (the flow is
 * unchanged). An event that starts a request first claims the flow with a compare-and-set, so of
 * two copies of an event sent at once exactly one runs and is applied. Nothing secret is stored
 * or put in a view's context; the TOTP secret is only in the answer that created it
 * ({@link FlowView.secret}).
 *
 * @example
 * const endpoint = createFlowEndpoint({
 *   flows: (auth) => createSaasusFlows(api, { session: () => sessionOf(auth), confirmSignUp }),
 *   store: memoryFlowStore({ ttlMs: 30 * 60_000 }),
 *   authenticate: (request) => sessions.fromCookie(request.headers.get('cookie')),
 *   basePath: '/flows',
 * });
 * // Node: createServer(toNodeHandler(endpoint)); Next.js: export const POST = endpoint;
 */
export function createFlowEndpoint(options: FlowEndpointOptions): FlowEndpoint {
  if (!isRecord(options)) throw new TypeError('createFlowEndpoint needs its options: flows, store, authenticate');
  const { store, authenticate } = options;
  if (typeof options.flows !== 'function' && !isRecord(options.flows)) throw new TypeError('flows must be a createSaasusFlows result or a function of the caller');
  if (!isRecord(store) || typeof store.replace !== 'function') throw new TypeError('store must be a FlowStore');
  if (typeof authenticate !== 'function') throw new TypeError('authenticate must be a function of the request');
  const settleTimeoutMs = options.settleTimeoutMs ?? 10_000;
  if (!Number.isSafeInteger(settleTimeoutMs) || settleTimeoutMs < 1) throw new TypeError('settleTimeoutMs must be a positive whole number of milliseconds');
  const claimTtlMs = options.claimTtlMs ?? settleTimeoutMs + 5000;
  if (!Number.isSafeInteger(claimTtlMs) || claimTtlMs < 1) throw new TypeError('claimTtlMs must be a positive whole number of milliseconds');
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  if (basePath !== '' && !basePath.startsWith('/')) throw new TypeError("basePath must start with '/'");
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => undefined);

  function machineFor(flow: FlowId, auth: FlowAuth): AnyStateMachine {
    const flows = typeof options.flows === 'function' ? options.flows(auth) : options.flows;
    const machine = (flows as unknown as Record<string, AnyStateMachine | undefined>)[`${flow}Machine`];
    if (!machine) throw new TypeError(`flows has no ${flow}Machine`);
    return machine;
  }

  /** Starts or restores an actor that can fail without taking the process with it. */
  function guarded(actor: Actor<AnyStateMachine>): Actor<AnyStateMachine> {
    actor.subscribe({ error: () => undefined });
    return actor;
  }

  /**
   * What to store of a running actor, and its view. A state showing a secret is answered with it
   * once and stored as the code entry without it (`secret.hide`).
   */
  function conclude(actor: Actor<AnyStateMachine>, id: string, flow: FlowId): { persisted: PersistedFlow; view: (version: number) => FlowView } {
    const shown = actor.getSnapshot() as AnyMachineSnapshot;
    const secret = (shown.context as Record<string, unknown>)['secret'];
    if (shown.status === 'active' && typeof secret === 'string' && shown.can({ type: 'secret.hide' })) actor.send({ type: 'secret.hide' });
    const persisted = persistFlow(actor);
    return {
      persisted,
      view: (version) => {
        const view = viewOf(id, flow, shown, persisted, version);
        if (typeof secret === 'string' && shown.status === 'active') view.secret = secret;
        return view;
      },
    };
  }

  /** The view of a stored record, restored without starting anything. */
  function storedView(id: string, flow: FlowId, machine: AnyStateMachine, record: FlowRecord): FlowView {
    const persisted = plainSnapshot(record);
    const snapshot = restoreFlowActor(machine, persisted).getSnapshot() as AnyMachineSnapshot;
    return viewOf(id, flow, snapshot, persisted, record.version);
  }

  /** Runs a started actor until it settles, timing out its request when it does not. */
  async function run(actor: Actor<AnyStateMachine>): Promise<void> {
    if (!(await settle(actor, settleTimeoutMs))) {
      timeOut(actor);
      await settle(actor, 50);
    }
  }

  async function start(flow: FlowId, auth: FlowAuth, request: Request): Promise<HttpAnswer> {
    const body = await readBody(request);
    if (!body.ok || (body.value !== undefined && !isRecord(body.value))) return failure(400, 'invalid_input', "A flow's input must be a JSON object.");
    const machine = machineFor(flow, auth);
    let actor: Actor<AnyStateMachine>;
    try {
      actor = guarded(createActor(machine, { input: body.value }));
      actor.start();
    } catch {
      return failure(400, 'invalid_input', `The input is not one the ${flow} flow takes.`);
    }
    try {
      if (actor.getSnapshot().status === 'error') return failure(400, 'invalid_input', `The input is not one the ${flow} flow takes.`);
      await run(actor);
      const { persisted, view } = conclude(actor, '', flow);
      const created = await store.create({ snapshot: persisted, owner: auth.subject });
      return new HttpAnswer(201, { id: created.id, view: { ...view(created.version), id: created.id } });
    } finally {
      actor.stop();
    }
  }

  async function read(flow: FlowId, id: string, auth: FlowAuth): Promise<HttpAnswer> {
    const record = await store.get(id);
    if (!record || record.owner !== auth.subject) return notFound();
    return new HttpAnswer(200, { view: storedView(id, flow, machineFor(flow, auth), record) });
  }

  async function event(flow: FlowId, id: string, auth: FlowAuth, request: Request): Promise<HttpAnswer> {
    const body = await readBody(request);
    const machine = machineFor(flow, auth);
    const type = body.ok && isRecord(body.value) ? body.value['type'] : undefined;
    if (!body.ok || !isRecord(body.value) || typeof type !== 'string' || type.startsWith('xstate.') || !machine.events.includes(type)) {
      return failure(400, 'invalid_event', `Send one event of the ${flow} flow as a JSON object with its type.`);
    }
    const uiEvent = body.value as EventObject;
    let record = await store.get(id);
    if (!record || record.owner !== auth.subject) return notFound();
    const conflict = (current: FlowRecord | undefined) => (current ? new HttpAnswer(409, { type: 'conflict', message: 'The flow changed; here it is now.', view: storedView(id, flow, machine, current) }) : notFound());
    const claimedUntil = claimOf(record);
    if (claimedUntil !== undefined && claimedUntil > now()) return conflict(record);

    const persisted = plainSnapshot(record);
    const restored = restoreFlowActor(machine, persisted);
    const before = restored.getSnapshot() as AnyMachineSnapshot;
    if (before.status !== 'active') return new HttpAnswer(200, { view: storedView(id, flow, machine, record) });
    let next: AnyMachineSnapshot;
    try {
      if (!before.can(uiEvent)) return new HttpAnswer(200, { view: storedView(id, flow, machine, record) });
      next = getNextSnapshot(machine, before, uiEvent) as AnyMachineSnapshot;
    } catch {
      return failure(400, 'invalid_event', `The ${type} event is not one the flow takes as it is.`);
    }
    if (next.status === 'error') return failure(400, 'invalid_event', `The ${type} event is not one the flow takes as it is.`);

    // A request will run (the event starts one, or the stored step restarts one): claim the flow
    // first, so that of two copies of this event only one reaches SaaSus.
    if (next.hasTag('busy') || before.hasTag('busy')) {
      const claimed = await store.replace(id, record.version, { owner: record.owner, snapshot: { ...persisted, claim: { until: now() + claimTtlMs } } as unknown as PersistedFlow });
      if (claimed.status === 'conflict') return conflict(claimed.current);
      record = claimed.record;
    }

    const actor = guarded(restored);
    try {
      actor.start();
      await run(actor);
      if (actor.getSnapshot().status === 'active') {
        actor.send(uiEvent);
        await run(actor);
      }
      if (actor.getSnapshot().status === 'error') {
        // The flow refused the event by failing (a guard or an input threw): keep it as stored, unclaimed.
        if (claimOf(record) !== undefined) await store.replace(id, record.version, { owner: record.owner, snapshot: persisted });
        return failure(400, 'invalid_event', `The ${type} event is not one the flow takes as it is.`);
      }
      const { persisted: saved, view } = conclude(actor, id, flow);
      const result = await store.replace(id, record.version, { owner: record.owner, snapshot: saved });
      if (result.status === 'conflict') return conflict(result.current);
      return new HttpAnswer(200, { view: view(result.record.version) });
    } finally {
      actor.stop();
    }
  }

  async function route(request: Request): Promise<HttpAnswer> {
    const url = new URL(request.url);
    let path = url.pathname;
    if (basePath !== '') {
      if (path !== basePath && !path.startsWith(`${basePath}/`)) return failure(404, 'not_found', 'No such path.');
      path = path.slice(basePath.length);
    }
    let parts: string[];
    try {
      parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return failure(404, 'not_found', 'No such path.');
    }
    const [flow, id, tail] = parts;
    if (flow === undefined || parts.length > 3 || (parts.length === 3 && tail !== 'events')) return failure(404, 'not_found', 'No such path.');
    if (!isFlowId(flow)) return failure(404, 'flow_not_found', `There is no flow called ${flow.slice(0, 40)}.`);
    const method = request.method.toUpperCase();
    const allowed = parts.length === 1 ? 'POST' : parts.length === 2 ? 'GET' : 'POST';
    if (method !== allowed) return new HttpAnswer(405, { type: 'method_not_allowed', message: `Use ${allowed} here.` });

    const auth = await authenticate(request);
    if (!auth || typeof auth.subject !== 'string' || auth.subject === '') return failure(401, 'unauthenticated', 'Sign in or start a session first.');
    if (parts.length === 1) return start(flow, auth, request);
    if (id === undefined || id.length > 200 || /[\u0000-\u001f\u007f]/.test(id)) return notFound();
    return parts.length === 2 ? read(flow, id, auth) : event(flow, id, auth, request);
  }

  return async (request: Request): Promise<Response> => {
    try {
      const answer = await route(request);
      return json(answer.status, answer.body);
    } catch (error) {
      if (isFlowStoreUnavailableError(error)) return json(503, { type: 'store_unavailable', message: 'The flow store cannot be reached. Try again shortly.' });
      onError(error);
      return json(500, { type: 'internal_error', message: 'The flow endpoint failed.' });
    }
  };
}

