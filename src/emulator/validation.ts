import { operations, type OperationBody, type OperationName } from '../api/operations.js';
import { checkBody } from '../api/validation.js';
import { invalidParameter } from './errors.js';

/** The operations that take a JSON body: the rows of the operations table with `body` fields. */
type BodyOperation = { [K in OperationName]: (typeof operations)[K] extends { body: object } ? K : never }[OperationName];

/** The validated request body of each operation that has one, typed as the client sends it. */
export type OperationBodies = { [K in BodyOperation]: NonNullable<OperationBody<K>> };

/** Whether an operation takes a JSON body. */
export function hasBodySchema(operation: OperationName): operation is BodyOperation {
  return 'body' in operations[operation];
}

/**
 * Checks a parsed JSON body against the operation's fields in the operations table: a JSON
 * object, required fields present, each value of its type (e-mail addresses and 6-digit codes
 * with the checks the machines and the proxy use), no unknown fields (`null` counts as absent
 * for optional ones). Throws `invalid_parameter` with a message a person can act on.
 */
export function validateBody<K extends BodyOperation>(operation: K, body: unknown): OperationBodies[K] {
  const checked = checkBody(operations[operation].body, body);
  if (!checked.ok) throw invalidParameter(checked.message);
  return checked.value as unknown as OperationBodies[K];
}
