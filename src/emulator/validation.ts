import type { OperationName } from '../api/operations.js';
import type {
  ConfirmEmailUpdateParam,
  ConfirmExternalUserLinkParam,
  ConfirmSignUpWithAwsMarketplaceParam,
  CreateSaasUserParam,
  CreateSecretCodeParam,
  LinkAwsMarketplaceParam,
  MfaPreference,
  RequestEmailUpdateParam,
  RequestExternalUserLinkParam,
  ResendSignUpConfirmationEmailParam,
  SignUpParam,
  SignUpWithAwsMarketplaceParam,
  UpdateSaasUserAttributesParam,
  UpdateSaasUserEmailParam,
  UpdateSaasUserPasswordParam,
  UpdateSoftwareTokenParam,
} from '../api/types.js';
import { invalidParameter } from './errors.js';

/** The validated request body of each operation that has one. */
export interface OperationBodies {
  createSaasUser: CreateSaasUserParam;
  updateSaasUserPassword: UpdateSaasUserPasswordParam;
  updateSaasUserEmail: UpdateSaasUserEmailParam;
  requestEmailUpdate: RequestEmailUpdateParam;
  confirmEmailUpdate: ConfirmEmailUpdateParam;
  updateSaasUserAttributes: UpdateSaasUserAttributesParam;
  updateSoftwareToken: UpdateSoftwareTokenParam;
  createSecretCode: CreateSecretCodeParam;
  updateUserMfaPreference: MfaPreference;
  requestExternalUserLink: RequestExternalUserLinkParam;
  confirmExternalUserLink: ConfirmExternalUserLinkParam;
  signUp: SignUpParam;
  resendSignUpConfirmationEmail: ResendSignUpConfirmationEmailParam;
  signUpWithAwsMarketplace: SignUpWithAwsMarketplaceParam;
  confirmSignUpWithAwsMarketplace: ConfirmSignUpWithAwsMarketplaceParam;
  linkAwsMarketplace: LinkAwsMarketplaceParam;
}

type FieldType = 'string' | 'email' | 'code' | 'password' | 'boolean' | 'object' | 'mfaMethod';
type Schema = Record<string, { type: FieldType; required: boolean }>;

const req = (type: FieldType) => ({ type, required: true });
const opt = (type: FieldType) => ({ type, required: false });

/** Body schemas (spec §2.4); a field not listed is an error. */
const schemas: { [K in keyof OperationBodies]: Schema } = {
  createSaasUser: { email: req('email'), password: opt('password') },
  updateSaasUserPassword: { password: req('password'), temporary: opt('boolean') },
  updateSaasUserEmail: { email: req('email') },
  requestEmailUpdate: { email: req('email'), access_token: req('string') },
  confirmEmailUpdate: { code: req('code'), access_token: req('string') },
  updateSaasUserAttributes: { attributes: req('object') },
  updateSoftwareToken: { access_token: req('string'), verification_code: req('code') },
  createSecretCode: { access_token: req('string') },
  updateUserMfaPreference: { enabled: req('boolean'), method: opt('mfaMethod') },
  requestExternalUserLink: { access_token: req('string') },
  confirmExternalUserLink: { access_token: req('string'), code: req('code') },
  signUp: { email: req('email') },
  resendSignUpConfirmationEmail: { email: req('email') },
  signUpWithAwsMarketplace: { email: req('email'), registration_token: req('string') },
  confirmSignUpWithAwsMarketplace: { tenant_name: opt('string'), access_token: req('string'), registration_token: req('string') },
  linkAwsMarketplace: { tenant_id: req('string'), access_token: req('string'), registration_token: req('string') },
};

const MAX_STRING = 4096;
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]+$/;

/** A syntactically valid e-mail address (≤ 254 characters). */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkField(name: string, type: FieldType, value: unknown): void {
  if (type === 'boolean') {
    if (typeof value !== 'boolean') throw invalidParameter(`"${name}" must be a boolean.`);
    return;
  }
  if (type === 'object') {
    if (!isPlainObject(value)) throw invalidParameter(`"${name}" must be an object.`);
    return;
  }
  if (typeof value !== 'string') throw invalidParameter(`"${name}" must be a string.`);
  if (value.length === 0 || value.length > MAX_STRING) throw invalidParameter(`"${name}" must be 1 to ${MAX_STRING} characters.`);
  if (type === 'email' && !isEmail(value)) throw invalidParameter(`"${name}" must be an e-mail address.`);
  if (type === 'code' && !/^\d{6}$/.test(value)) throw invalidParameter(`"${name}" must be 6 digits.`);
  if (type === 'mfaMethod' && value !== 'softwareToken' && value !== 'email') {
    throw invalidParameter(`"${name}" must be "softwareToken" or "email".`);
  }
}

/** Whether an operation takes a JSON body. */
export function hasBodySchema(operation: OperationName): operation is keyof OperationBodies {
  return Object.hasOwn(schemas, operation);
}

/**
 * Checks a parsed JSON body against the operation's schema: an object, required fields present,
 * types right, no unknown fields (`null` counts as absent for optional ones). `invalid_parameter`
 * otherwise.
 */
export function validateBody<K extends keyof OperationBodies>(operation: K, body: unknown): OperationBodies[K] {
  if (!isPlainObject(body)) throw invalidParameter('The request body must be a JSON object.');
  const schema = schemas[operation];
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (!Object.hasOwn(schema, key)) throw invalidParameter(`Unknown field "${key}".`);
  }
  for (const [name, spec] of Object.entries(schema)) {
    const value = body[name];
    if (value === undefined || (value === null && !spec.required)) {
      if (spec.required) throw invalidParameter(`"${name}" is required.`);
      continue;
    }
    checkField(name, spec.type, value);
    out[name] = value;
  }
  if (operation === 'updateUserMfaPreference' && out.enabled === true && out.method === undefined) {
    throw invalidParameter('"method" is required when "enabled" is true.');
  }
  return out as unknown as OperationBodies[K];
}
