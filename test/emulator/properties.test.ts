import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSaasUserApi, operations } from '../../src/api/index.js';
import { signRequest } from '../../src/api/signing.js';
import { createEmulator, type Emulator, type EmulatorState } from '../../src/emulator/index.js';
import { PASSWORD } from './support.js';

const BASE = 'http://saasus.test';

/** Two signed-in users, a tenant and a registration token: real values the generators mix in. */
async function seeded(): Promise<{ emulator: Emulator; ids: string[]; tokens: string[]; extras: string[] }> {
  const emulator = createEmulator({ maxBodyBytes: 4096 });
  const api = createSaasUserApi({ baseURL: BASE, ...emulator.credentials, fetch: emulator.fetch, retry: false });
  const ids: string[] = [];
  const tokens: string[] = [];
  for (const email of ['a@example.com', 'b@example.com']) {
    const user = await api.createSaasUser({ email, password: PASSWORD });
    const result = emulator.control.signIn({ email, password: PASSWORD });
    if (result.kind !== 'signedIn') throw new Error('expected signedIn');
    ids.push(user.id);
    tokens.push(emulator.control.exchangeCode(result.code).access_token);
  }
  const tenant = emulator.control.createTenant({ name: 'T', userId: ids[0] });
  return { emulator, ids, tokens, extras: [tenant.id, emulator.control.mintRegistrationToken()] };
}

interface Shot {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string | undefined;
  signed: boolean;
}

const FIELDS = ['email', 'password', 'access_token', 'code', 'verification_code', 'attributes', 'enabled', 'method', 'tenant_id', 'tenant_name', 'registration_token', 'temporary', 'extra'];

function shotArb(ids: string[], tokens: string[], extras: string[]): fc.Arbitrary<Shot> {
  const known = fc.constantFrom(...ids, ...tokens, ...extras, 'a@example.com', 'B@EXAMPLE.com', 'new@example.com', '123456', 'Google', 'softwareToken');
  const value = fc.oneof(known, fc.jsonValue({ maxDepth: 2 }), fc.emailAddress(), fc.string({ maxLength: 12 }));
  const segment = fc.oneof(fc.constantFrom(...ids, 'Google', 'nobody'), fc.webSegment());
  const template = fc.constantFrom(...Object.values(operations).map((o) => `/v1/auth${o.path}`), '/v1/auth/credentials?code=x', '/v1/auth/userinfo', '/v1/auth', '/_emulator/outbox');
  const path = fc.tuple(template, segment, segment).map(([t, a, b]) => t.replace('{user_id}', encodeURIComponent(a)).replace('{provider_name}', encodeURIComponent(b)));
  const objectBody = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 4 }).map((o) => JSON.stringify(o));
  const body = fc.option(fc.oneof({ weight: 4, arbitrary: objectBody }, fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ maxLength: 40 })), { nil: undefined });
  return fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
    path,
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', undefined),
    body,
    signed: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, fc.constant(false)),
  });
}

async function fire(emulator: Emulator, shot: Shot): Promise<Response> {
  const url = `${BASE}${shot.path}`;
  const body = shot.method === 'GET' ? undefined : shot.body;
  const headers: Record<string, string> = {};
  if (shot.contentType !== undefined) headers['content-type'] = shot.contentType;
  if (shot.signed) headers.authorization = await signRequest(emulator.credentials, { method: shot.method, url, ...(body === undefined ? {} : { body }) });
  return emulator.fetch(url, { method: shot.method, headers, ...(body === undefined ? {} : { body }) });
}

/** Failures that change state by design: a wrong code counts an attempt. */
const COUNTING_FAILURES = new Set(['code_mismatch']);

function checkInvariants(state: EmulatorState): void {
  const emails = Object.values(state.users).map((u) => u.email.toLowerCase());
  expect(new Set(emails).size).toBe(emails.length);
  for (const user of Object.values(state.users)) {
    expect(user.status === 'CONFIRMED' ? user.password !== undefined || user.providers.length > 0 : user.temporaryPassword !== undefined).toBe(true);
    if (user.mfa.enabled && user.mfa.method === 'softwareToken') expect(user.softwareToken).toBeDefined();
  }
  for (const tenant of Object.values(state.tenants)) for (const member of tenant.members) expect(state.users[member]).toBeDefined();
  expect(JSON.parse(JSON.stringify(state))).toEqual(state);
}

describe('emulator properties (fast-check)', () => {
  it('never answers 5xx without an injected fault, and a failed request leaves the state as it was', async () => {
    const { emulator, ids, tokens, extras } = await seeded();
    const start = emulator.control.exportState();
    await fc.assert(
      fc.asyncProperty(fc.array(shotArb(ids, tokens, extras), { minLength: 1, maxLength: 6 }), async (shots) => {
        emulator.control.importState(start);
        for (const shot of shots) {
          const before = emulator.control.exportState();
          const response = await fire(emulator, shot);
          expect(response.status, `${shot.method} ${shot.path} ${shot.body ?? ''}`).toBeLessThan(500);
          if (response.status >= 400) {
            const error = (await response.json()) as { type: string; message: string };
            expect(error).toEqual(expect.objectContaining({ type: expect.any(String), message: expect.any(String) }));
            if (!COUNTING_FAILURES.has(error.type)) expect(emulator.control.exportState()).toEqual(before);
          }
        }
        checkInvariants(emulator.control.exportState());
      }),
      { numRuns: 150 },
    );
  });

  it('keeps one user per address and complete user records under random sign-up, create, rename and delete sequences', async () => {
    const emulator = createEmulator();
    const api = createSaasUserApi({ baseURL: BASE, ...emulator.credentials, fetch: emulator.fetch, retry: false });
    const email = fc.constantFrom('x@example.com', 'X@example.com', 'y@example.com', 'z@example.com');
    const command = fc.oneof(
      email.map((e) => () => api.signUp({ email: e })),
      fc.tuple(email, fc.constantFrom(PASSWORD, 'weak', undefined)).map(([e, p]) => () => api.createSaasUser(p === undefined ? { email: e } : { email: e, password: p })),
      fc.tuple(fc.nat(3), email).map(([i, e]) => async () => {
        const user = (await api.getSaasUsers()).users[i];
        if (user) await api.updateSaasUserEmail(user.id, { email: e });
      }),
      fc.nat(3).map((i) => async () => {
        const user = (await api.getSaasUsers()).users[i];
        if (user) await api.deleteSaasUser(user.id);
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 10 }), async (commands) => {
        emulator.control.reset();
        // All at once: every check-then-write must stay atomic.
        await Promise.allSettled(commands.map((run) => run()));
        const state = emulator.control.exportState();
        checkInvariants(state);
        const outboxUsers = new Set(state.outbox.map((m) => m.userId));
        for (const user of Object.values(state.users)) if (user.status === 'FORCE_CHANGE_PASSWORD') expect(outboxUsers.has(user.id)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
