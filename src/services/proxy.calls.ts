import type { CallOptions } from '../api/client.types.js';
import type { MfaMethod } from '../api/types.js';
import type { FlowOperationName, FlowsApi, UserSession } from './ports.js';
import { optionalString, requiredString, type BodySchema, type ValidBody } from './proxy.validation.js';

/** What a route handler gets: the validated body, path parameters and per-call options. */
export interface ProxyCallInput {
  readonly body: ValidBody;
  readonly params: Readonly<Record<string, string>>;
  readonly options: CallOptions;
}

interface ProxyCallBase {
  readonly schema: BodySchema;
  /** Cross-field rule checked after the schema; returns a problem message. */
  readonly refine?: (body: ValidBody) => string | undefined;
}

/** How the proxy runs one operation: its body schema and the client call. */
export type ProxyCall =
  | (ProxyCallBase & { readonly session: false; readonly run: (api: FlowsApi, input: ProxyCallInput) => Promise<unknown> })
  | (ProxyCallBase & {
      readonly session: true;
      readonly run: (api: FlowsApi, input: ProxyCallInput, session: UserSession) => Promise<unknown>;
    });

const EMAIL = requiredString(254);
const CODE = requiredString(64);
const TOKEN = requiredString(4096);
const MFA_METHODS: readonly MfaMethod[] = ['softwareToken', 'email'];

/** Provider names `unlinkProvider` accepts (spec §2.11). */
export const PROVIDER_NAMES: readonly string[] = ['Google'];

const text = (body: ValidBody, name: string): string => String(body[name] ?? '');
const optionalText = (body: ValidBody, name: string): string | undefined => {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The client call behind each proxy route. Session calls put the session's user id and
 * access token where the API wants them; the admin-form operations (MFA preference,
 * unlink) are only ever called with the session's own user id.
 */
export const proxyCalls: Record<FlowOperationName, ProxyCall> = {
  signUp: {
    session: false,
    schema: { email: EMAIL },
    run: (api, { body, options }) => api.signUp({ email: text(body, 'email') }, options),
  },
  resendSignUpConfirmationEmail: {
    session: false,
    schema: { email: EMAIL },
    run: (api, { body, options }) => api.resendSignUpConfirmationEmail({ email: text(body, 'email') }, options),
  },
  signUpWithAwsMarketplace: {
    session: false,
    schema: { email: EMAIL, registration_token: TOKEN },
    run: (api, { body, options }) =>
      api.signUpWithAwsMarketplace({ email: text(body, 'email'), registration_token: text(body, 'registration_token') }, options),
  },
  requestEmailUpdate: {
    session: true,
    schema: { email: EMAIL },
    run: (api, { body, options }, s) =>
      api.requestEmailUpdate(s.userId, { email: text(body, 'email'), access_token: s.accessToken }, options),
  },
  confirmEmailUpdate: {
    session: true,
    schema: { code: CODE },
    run: (api, { body, options }, s) =>
      api.confirmEmailUpdate(s.userId, { code: text(body, 'code'), access_token: s.accessToken }, options),
  },
  requestExternalUserLink: {
    session: true,
    schema: {},
    run: (api, { options }, s) => api.requestExternalUserLink({ access_token: s.accessToken }, options),
  },
  confirmExternalUserLink: {
    session: true,
    schema: { code: CODE },
    run: (api, { body, options }, s) =>
      api.confirmExternalUserLink({ access_token: s.accessToken, code: text(body, 'code') }, options),
  },
  unlinkProvider: {
    session: true,
    schema: {},
    run: (api, { params, options }, s) => api.unlinkProvider(params.provider_name ?? '', s.userId, options),
  },
  getUserMfaPreference: {
    session: true,
    schema: {},
    run: (api, { options }, s) => api.getUserMfaPreference(s.userId, options),
  },
  createSecretCode: {
    session: true,
    schema: {},
    run: (api, { options }, s) => api.createSecretCode(s.userId, { access_token: s.accessToken }, options),
  },
  updateSoftwareToken: {
    session: true,
    schema: { verification_code: CODE },
    run: (api, { body, options }, s) =>
      api.updateSoftwareToken(s.userId, { access_token: s.accessToken, verification_code: text(body, 'verification_code') }, options),
  },
  updateUserMfaPreference: {
    session: true,
    schema: { enabled: { kind: 'boolean', required: true }, method: { kind: 'enum', required: false, values: MFA_METHODS } },
    refine: (body) => (body.enabled === true && body.method === undefined ? '"method" is required when "enabled" is true.' : undefined),
    run: (api, { body, options }, s) => {
      const method = MFA_METHODS.find((m) => m === body.method);
      return api.updateUserMfaPreference(s.userId, method === undefined ? { enabled: body.enabled === true } : { enabled: body.enabled === true, method }, options);
    },
  },
  confirmSignUpWithAwsMarketplace: {
    session: true,
    schema: { registration_token: TOKEN, tenant_name: optionalString(255) },
    run: (api, { body, options }, s) => {
      const tenantName = optionalText(body, 'tenant_name');
      const base = { access_token: s.accessToken, registration_token: text(body, 'registration_token') };
      return api.confirmSignUpWithAwsMarketplace(tenantName === undefined ? base : { ...base, tenant_name: tenantName }, options);
    },
  },
  linkAwsMarketplace: {
    session: true,
    schema: { tenant_id: requiredString(128), registration_token: TOKEN },
    run: (api, { body, options }, s) =>
      api.linkAwsMarketplace(
        { tenant_id: text(body, 'tenant_id'), access_token: s.accessToken, registration_token: text(body, 'registration_token') },
        options,
      ),
  },
};
