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

  it('has the self sign-up route: the form read, and the send with the route body fields', () => {
    expect(browserRoutes.selfSignUpForm).toEqual({ method: 'GET', path: `/${SELF_SIGN_UP_PATH}`, pathParams: [] });
    expect(browserRoutes.selfSignUp).toEqual({ method: 'POST', path: `/${SELF_SIGN_UP_PATH}`, pathParams: [], sends: Object.keys(SELF_SIGN_UP_FIELDS) });
  });
});
