import type { OperationName, PathParam } from '../api/operations.js';
import type { Store } from './store.js';
import type { OperationBodies } from './validation.js';

/** Decoded path parameters (empty strings for those an operation does not have). */
export type PathParams = Record<PathParam, string>;

const PATH_PARAMS: readonly PathParam[] = ['user_id', 'provider_name', 'tenant_id', 'env_id', 'role_name', 'invitation_id', 'attribute_name'];

/** The path parameters of a matched route, decoded; absent ones are empty strings. */
export function pathParamsOf(decoded: Partial<Record<string, string>>): PathParams {
  const params: Partial<PathParams> = {};
  for (const name of PATH_PARAMS) params[name] = decoded[name] ?? '';
  return params as PathParams;
}

/**
 * One operation's behaviour: synchronous over the store, so its checks and writes are atomic.
 * Returns the response body (`undefined` for an empty 200) or throws an `EmulatorError`; it
 * must check everything before it writes, so a failure never leaves a half-applied change.
 */
export type OpHandler<K extends OperationName> = (
  store: Store,
  params: PathParams,
  body: K extends keyof OperationBodies ? OperationBodies[K] : undefined,
) => unknown;

/** Handlers for a set of operations. */
export type OpHandlers<K extends OperationName> = { [P in K]: OpHandler<P> };
