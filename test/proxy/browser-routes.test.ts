import { describe, expect, it } from 'vitest';
import { operationNames, operations, type OperationSpec } from '../../src/api/operations.js';
import { browserRoutes } from '../../src/proxy/routes.js';

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
    expect(browserRoutes).toEqual(fromTable);
  });
});
