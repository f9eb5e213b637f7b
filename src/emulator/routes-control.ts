import type { H3Event, HTTPMethod } from 'h3';
import { isMailTemplate } from './control.js';
import { EmulatorError, invalidParameter } from './errors.js';
import { headOf, jsonResponse, MAX_STATE_DEPTH, parseJsonBody, readBody } from './http.js';
import { assertLocalRequest } from './local-only.js';
import type { RouteDeps, RouteHandler, RouteTable } from './route-table.js';
import type { EmulatorControl, Fault, FaultTarget } from './types.js';

/**
 * Prefix of the test-only control surface (never under `/v1/auth`). Unsigned, so it answers
 * only local, same-origin requests (see `assertLocalRequest`).
 */
export const CONTROL_PREFIX = '/_emulator';

type Json = Record<string, unknown>;

/** A JSON object body; an empty body counts as `{}`. */
async function objectBody(event: H3Event, deps: RouteDeps): Promise<Json> {
  const raw = await readBody(event, deps.config.maxBodyBytes);
  if (raw.byteLength === 0) return {};
  const value = parseJsonBody(event.req, raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParameter('The body must be a JSON object.');
  return value as Json;
}

function optionalString(body: Json, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`"${name}" must be a string.`);
  return value;
}

function optionalNumber(body: Json, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidParameter(`"${name}" must be a finite number.`);
  return value;
}

function faultFromBody(body: Json): Fault {
  const times = body.times === null ? Infinity : optionalNumber(body, 'times');
  const fault: Fault = {};
  const status = optionalNumber(body, 'status');
  const latencyMs = optionalNumber(body, 'latencyMs');
  const type = optionalString(body, 'type');
  const message = optionalString(body, 'message');
  if (status !== undefined) fault.status = status;
  if (latencyMs !== undefined) fault.latencyMs = latencyMs;
  if (type !== undefined) fault.type = type;
  if (message !== undefined) fault.message = message;
  if (times !== undefined) fault.times = times;
  return fault;
}

/**
 * The HTTP mirror of {@link EmulatorControl} under `/_emulator`. Changes are persisted before
 * the answer; failures are SaaSus error bodies. Every route checks Host, Origin and (for
 * writes) the JSON content type first; every `GET` also answers `HEAD`.
 */
export function registerControlRoutes(table: RouteTable, deps: RouteDeps, control: EmulatorControl): void {
  const P = CONTROL_PREFIX;
  const add = (method: HTTPMethod, path: string, handler: RouteHandler) => {
    const guarded: RouteHandler = (event) => {
      assertLocalRequest(event, true);
      return handler(event);
    };
    table.add(method, path, guarded);
    if (method === 'GET') table.add('HEAD', path, headOf(guarded));
  };
  // Every change goes through the control object, which has already scheduled its write.
  const changed = async (value: unknown, status = 200) => {
    await deps.flush();
    return jsonResponse(status, value);
  };

  add('GET', `${P}/health`, () => jsonResponse(200, { ok: true, now: control.clock.now() }));

  add('GET', `${P}/outbox`, (event) => {
    const q = new URL(event.req.url).searchParams;
    const to = q.get('to') ?? undefined;
    const template = q.get('template') ?? undefined;
    if (template !== undefined && !isMailTemplate(template)) throw invalidParameter(`Unknown template "${template}".`);
    return jsonResponse(200, { messages: control.outbox({ ...(to ? { to } : {}), ...(template ? { template } : {}) }) });
  });
  add('GET', `${P}/outbox/latest`, (event) => {
    const q = new URL(event.req.url).searchParams;
    const to = q.get('to');
    const template = q.get('template') ?? undefined;
    if (!to) throw invalidParameter('Query parameter "to" is required.');
    if (template !== undefined && !isMailTemplate(template)) throw invalidParameter(`Unknown template "${template}".`);
    const message = control.latestMessage(to, template);
    if (!message) throw new EmulatorError('not_found', `No message to ${to}.`);
    return jsonResponse(200, message);
  });
  add('DELETE', `${P}/outbox`, async () => {
    control.clearOutbox();
    return changed(undefined);
  });

  add('POST', `${P}/users`, async (event) => {
    const body = await objectBody(event, deps);
    const mfa = body.mfa;
    if (mfa !== undefined && typeof mfa !== 'boolean') throw invalidParameter('"mfa" must be a boolean.');
    return changed(control.seedUser({ email: body.email as string, password: body.password as string, ...(mfa === undefined ? {} : { mfa }) }), 201);
  });
  add('POST', `${P}/sign-in`, async (event) => {
    const body = await objectBody(event, deps);
    return changed(control.signIn({ email: body.email as string, password: body.password as string }));
  });
  add('POST', `${P}/sign-in/challenge`, async (event) => {
    const body = await objectBody(event, deps);
    const newPassword = optionalString(body, 'newPassword');
    const totpCode = optionalString(body, 'totpCode');
    return changed(
      control.respondToChallenge({ session: body.session as string, ...(newPassword ? { newPassword } : {}), ...(totpCode ? { totpCode } : {}) }),
    );
  });
  add('POST', `${P}/sign-in/google`, async (event) => {
    const body = await objectBody(event, deps);
    return changed(control.signInWithGoogle({ email: body.email as string }));
  });
  add('POST', `${P}/credentials`, async (event) => {
    const body = await objectBody(event, deps);
    return changed(control.exchangeCode(body.code as string));
  });

  add('POST', `${P}/registration-tokens`, async (event) => {
    const ttlMs = optionalNumber(await objectBody(event, deps), 'ttlMs');
    return changed({ registrationToken: control.mintRegistrationToken(ttlMs === undefined ? {} : { ttlMs }) }, 201);
  });
  add('POST', `${P}/tenants`, async (event) => {
    const body = await objectBody(event, deps);
    const userId = optionalString(body, 'userId');
    return changed(control.createTenant({ name: body.name as string, ...(userId ? { userId } : {}) }), 201);
  });

  add('POST', `${P}/definitions`, async (event) => {
    const body = await objectBody(event, deps);
    return changed(control.seedDefinitions(body as Parameters<EmulatorControl['seedDefinitions']>[0]), 201); // validated by seedDefinitions
  });

  add('GET', `${P}/clock`, () => jsonResponse(200, { now: control.clock.now() }));
  add('POST', `${P}/clock`, async (event) => {
    const body = await objectBody(event, deps);
    const advance = optionalNumber(body, 'advanceMs');
    const set = optionalNumber(body, 'setMs');
    if ((advance === undefined) === (set === undefined)) throw invalidParameter('Send exactly one of "advanceMs" or "setMs".');
    if (advance !== undefined) control.clock.advance(advance);
    if (set !== undefined) control.clock.set(set);
    return changed({ now: control.clock.now() });
  });

  add('POST', `${P}/faults`, async (event) => {
    const body = await objectBody(event, deps);
    control.injectFault(body.operation as FaultTarget, faultFromBody(body)); // validated by injectFault
    return jsonResponse(201, { ok: true });
  });
  add('DELETE', `${P}/faults`, () => {
    control.clearFaults();
    return jsonResponse(200, { ok: true });
  });
  add('GET', `${P}/requests`, () => jsonResponse(200, { requests: control.requestLog() }));

  add('POST', `${P}/reset`, async () => {
    control.reset();
    return changed({ ok: true });
  });
  add('GET', `${P}/state`, () => jsonResponse(200, control.exportState()));
  add('PUT', `${P}/state`, async (event) => {
    const raw = await readBody(event, Math.max(deps.config.maxBodyBytes, 64 * 1024 * 1024));
    control.importState(parseJsonBody(event.req, raw, MAX_STATE_DEPTH));
    return changed({ ok: true });
  });
}
