/**
 * The browser proxy exposes exactly the operations the five flows call, each acting for the
 * session's user, and nothing else under any path or method it answers. The routes are not
 * read from the handler's own table: every path of up to two segments over the vocabulary of
 * the operations table (plus common names) and every SaaSus path is probed under every method,
 * against an api that records which operation each request reached.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationNames, operations, AUTH_PATH_PREFIX, type OperationName, type OperationSpec } from '../../src/api/operations.js';
import type { FlowsApi } from '../../src/api/flows-api.js';
import { createSaasusProxy } from '../../src/proxy/handler.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const BASE = 'http://app.test/api/saasus';
const USER_ID = 'session-user-1';
const ACCESS_TOKEN = 'session-access-token-0123456789';

/** The operations the flows' actors call, read from their source (independent of the proxy). */
function flowOperations(): Set<string> {
  const dir = join(import.meta.dirname, '..', '..', 'src', 'services');
  const called = new Set<string>();
  // The tenant sign-up's server actors call administrative tenant operations; a browser reaches
  // them only through the proxy's one self-sign-up route (test/proxy/self-sign-up.test.ts).
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && name !== 'tenant-sign-up.actors.ts')) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/\bapi\.(\w+)\(/g)) called.add(match[1] ?? '');
  }
  return called;
}

/** The routes the flows need: operation → `METHOD /path` below the proxy's base path. */
const EXPECTED: Record<string, string> = {
  requestEmailUpdate: 'POST /email/request',
  confirmEmailUpdate: 'POST /email/confirm',
  updateSoftwareToken: 'PUT /mfa/software-token',
  createSecretCode: 'POST /mfa/secret-code',
  getUserMfaPreference: 'GET /mfa/preference',
  updateUserMfaPreference: 'PATCH /mfa/preference',
  unlinkProvider: 'DELETE /providers/Google',
  requestExternalUserLink: 'POST /external-users/request',
  confirmExternalUserLink: 'POST /external-users/confirm',
  signUp: 'POST /sign-up',
  resendSignUpConfirmationEmail: 'POST /sign-up/resend',
  signUpWithAwsMarketplace: 'POST /aws-marketplace/sign-up',
  confirmSignUpWithAwsMarketplace: 'POST /aws-marketplace/sign-up-confirm',
  linkAwsMarketplace: 'PATCH /aws-marketplace/link',
};

/** Operations acting on any user with the API key alone, which the flows never call. */
const ADMIN_ONLY = ['getSaasUsers', 'createSaasUser', 'getSaasUser', 'deleteSaasUser', 'updateSaasUserPassword', 'updateSaasUserEmail', 'updateSaasUserAttributes'];


interface Call {
  operation: string;
  args: unknown[];
}

/** An api with every operation of the table (admin ones included) that records what reached it. */
function recordingApi(calls: Call[]): FlowsApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of [...operationNames, 'getCredentials']) {
    api[name] = async (...args: unknown[]) => {
      calls.push({ operation: name, args });
      return {};
    };
  }
  return api as unknown as FlowsApi;
}

const SAMPLE: Record<string, unknown> = {
  email: 'probe@example.com',
  password: 'Pa55word!probe',
  code: '123456',
  text: 'probe-text-value',
  object: {},
  boolean: false,
  mfaMethod: 'softwareToken',
};

/** One valid body per operation with a body (without `access_token`), plus none and `{}`. */
function candidateBodies(): (Record<string, unknown> | undefined)[] {
  const bodies: (Record<string, unknown> | undefined)[] = [undefined, {}];
  for (const name of operationNames) {
    const spec: OperationSpec = operations[name];
    if (!spec.body) continue;
    const body: Record<string, unknown> = {};
    for (const [field, rule] of Object.entries(spec.body)) if (field !== 'access_token') body[field] = SAMPLE[rule.type];
    bodies.push(body);
  }
  return bodies;
}

/** Path segments: every segment of every SaaSus and proxy path, and names an added route might use. */
function vocabulary(): string[] {
  const words = new Set(['account', 'accounts', 'me', 'admin', 'user', 'users', 'v1', 'auth', 'credentials', 'userinfo', 'delete', 'password', 'attributes', 'tenants', USER_ID, 'other-user', 'Google']);
  for (const name of operationNames) {
    const spec: OperationSpec = operations[name];
    for (const path of [spec.path, spec.proxy ?? '']) {
      for (const part of path.split('/').filter(Boolean)) words.add(part.replace('{user_id}', USER_ID).replace('{provider_name}', 'Google'));
    }
  }
  return [...words];
}

/**
 * Paths probed under every method: the root, one segment of the vocabulary, and every SaaSus
 * path (with and without `/v1/auth`, for the session user and another). Two-segment paths are
 * probed with OPTIONS first (no route uses it: a path with any route answers 405 and lists its
 * methods in Allow), then under every method when the answer is not 404.
 */
function probePaths(): { everyMethod: string[]; pairs: string[] } {
  const words = vocabulary();
  const everyMethod = new Set<string>(['', '/']);
  const pairs = new Set<string>();
  for (const a of words) {
    everyMethod.add(`/${a}`);
    for (const b of words) pairs.add(`/${a}/${b}`);
  }
  for (const name of operationNames) {
    const spec: OperationSpec = operations[name];
    for (const user of [USER_ID, 'other-user']) {
      const path = spec.path.replace('{user_id}', user).replace('{provider_name}', 'Google');
      everyMethod.add(path);
      everyMethod.add(`${AUTH_PATH_PREFIX}${path}`);
      everyMethod.add(`${path}/`);
    }
  }
  return { everyMethod: [...everyMethod], pairs: [...pairs].filter((path) => !everyMethod.has(path)) };
}

describe('the proxy route table (security)', () => {
  it('the expected table is the set of operations the flows call, none of them admin-only', () => {
    expect(new Set(Object.keys(EXPECTED))).toEqual(flowOperations());
    for (const name of [...ADMIN_ONLY]) expect(Object.keys(EXPECTED)).not.toContain(name);
    for (const name of ADMIN_ONLY) expect(operations[name as OperationName].audience).toBe('admin');
    // Every other operation of the table acts on any user with the API key alone: none may reach a browser.
    for (const name of operationNames) if (!(name in EXPECTED)) expect(operations[name].audience, name).toBe('admin');
    for (const name of Object.keys(EXPECTED)) expect(operationNames).toContain(name);
  });

  it('answers exactly the flow routes under every path and method probed, and reaches no other operation', async () => {
    const calls: Call[] = [];
    const proxy = createSaasusProxy({ api: recordingApi(calls), authenticate: () => ({ userId: USER_ID, accessToken: ACCESS_TOKEN }) });
    const answered = new Set<string>();
    const probe = async (path: string, method: string): Promise<Response> => {
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const response = await proxy(new Request(`${BASE}${path}`, { method, ...(hasBody ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) }));
      if (response.status === 404 || response.status === 405) return response;
      // A trailing slash names the same route; any provider name matches the unlink route,
      // and one other than Google is refused before the api is called.
      const key = `${method} ${path.replace(/\/$/, '')}`;
      const provider = /^DELETE \/providers\/([^/]+)$/.exec(key)?.[1];
      if (provider !== undefined && provider !== 'Google') expect(response.status, key).toBe(400);
      else answered.add(key);
      return response;
    };
    const { everyMethod, pairs } = probePaths();
    for (const path of everyMethod) for (const method of METHODS) await probe(path, method);
    for (const path of pairs) {
      const options = await probe(path, 'OPTIONS');
      if (options.status !== 404) for (const method of METHODS) await probe(path, method);
    }
    // Routes that matched (any answer but 404/405) are exactly the expected ones.
    expect([...answered].sort()).toEqual(Object.values(EXPECTED).sort());
    // No probe reached an operation outside the flows'.
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(Object.keys(EXPECTED), call.operation).toContain(call.operation);
  });

  it('each flow route reaches its own operation, for the session user only', async () => {
    const bodies = candidateBodies();
    const reached: Record<string, string> = {};
    for (const [operation, route] of Object.entries(EXPECTED)) {
      const [method = '', path = ''] = route.split(' ');
      for (const body of bodies) {
        const calls: Call[] = [];
        const proxy = createSaasusProxy({ api: recordingApi(calls), authenticate: () => ({ userId: USER_ID, accessToken: ACCESS_TOKEN }) });
        const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
        if (body !== undefined) init.body = JSON.stringify(body);
        const response = await proxy(new Request(`${BASE}${path}`, init));
        if (calls.length === 0) continue;
        expect(response.status, route).toBe(operations[operation as OperationName].successStatus);
        expect(calls).toHaveLength(1);
        const [call] = calls;
        reached[route] = call?.operation ?? '';
        // The user id and access token come from the session, never from the browser.
        const spec: OperationSpec = operations[operation as OperationName];
        spec.pathParams.forEach((param, i) => {
          if (param === 'user_id') expect(call?.args[i], route).toBe(USER_ID);
        });
        if (spec.body && 'access_token' in spec.body) expect(call?.args[spec.pathParams.length], route).toMatchObject({ access_token: ACCESS_TOKEN });
        break;
      }
    }
    expect(reached).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([operation, route]) => [route, operation])));
  });
});
