import { describe, expect, it } from 'vitest';
import { operationNames, operations, type OperationSpec } from '../../src/api/operations.js';
import { browserRoutes } from '../../src/proxy/routes.js';
import { SELF_SIGN_UP_FIELDS, SELF_SIGN_UP_PATH } from '../../src/proxy/self-sign-up.js';

describe('browserRoutes', () => {
  it('is exactly the proxy rows of the operations table, with the fields the browser sends', () => {
    const fromTable = Object.fromEntries(
      operationNames.flatMap((name) => {
        const spec: OperationSpec = operations[name];
        if (spec.proxy === undefined) return [];
        const sends = spec.body && Object.keys(spec.body).filter((field) => field !== 'access_token');
        return [[name, { method: spec.method, path: spec.proxy, pathParams: spec.pathParams, ...(sends && { sends }) }]];
      }),
    );
    const { selfSignUpForm, selfSignUp, ...tableRoutes } = browserRoutes;
    expect(tableRoutes).toEqual(fromTable);
  });

  it('has path parts that are plain words or a whole {name}, as the proxy handler matches them', () => {
    const parts = operationNames.flatMap((name) => (operations[name] as OperationSpec).proxy?.split('/').slice(1) ?? []);
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.filter((part) => !/^(?:[a-z][a-z-]*|\{\w+\})$/.test(part))).toEqual([]);
  });

  it('has one placeholder, {provider_name}, and it is the first path parameter of its route (the transport fills it from the first argument)', () => {
    const placeholders = Object.values(browserRoutes).flatMap((route) => [...route.path.matchAll(/{(\w+)}/g)].map((match) => [match[1], (route.pathParams as readonly string[])[0]]));
    expect(placeholders).toEqual([['provider_name', 'provider_name']]);
  });

  it('has the self sign-up route: the form read, and the send with the route body fields', () => {
    expect(browserRoutes.selfSignUpForm).toEqual({ method: 'GET', path: `/${SELF_SIGN_UP_PATH}`, pathParams: [] });
    expect(browserRoutes.selfSignUp).toEqual({ method: 'POST', path: `/${SELF_SIGN_UP_PATH}`, pathParams: [], sends: Object.keys(SELF_SIGN_UP_FIELDS) });
  });
});
