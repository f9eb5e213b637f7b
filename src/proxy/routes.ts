import type { operations, ProxiedOperationName } from '../api/operations.js';

type Table = typeof operations;

/** What the browser transport needs of an operation's row: a projection of the table. */
type BrowserRoute<K extends ProxiedOperationName> = {
  readonly method: Table[K]['method'];
  /** The row's `proxy` path. */
  readonly path: Table[K]['proxy'];
  readonly pathParams: Table[K]['pathParams'];
} & (Table[K] extends { body: infer B } ? { readonly sends: readonly Exclude<keyof B, 'access_token'>[] } : { readonly sends?: never });

/** The self sign-up's two methods: both are the proxy's one `selfSignUp` operation (read the form, send it). */
type SelfSignUpRoutes = {
  readonly selfSignUpForm: { readonly method: 'GET'; readonly path: '/self-sign-up'; readonly pathParams: readonly []; readonly sends?: never };
  readonly selfSignUp: {
    readonly method: 'POST';
    readonly path: '/self-sign-up';
    readonly pathParams: readonly [];
    readonly sends: readonly ['tenant_name', 'tenant_attributes', 'user_attributes'];
  };
};

/**
 * One line per proxied row, then the self sign-up's two methods: proxy path, name, method, path
 * parameters, and the body fields the browser sends (all but `access_token`); lists are
 * comma-separated, `-` is an empty list, and a row without a body has no fifth word. A string
 * rather than object literals because a browser bundle carries every route: this is about half
 * the bytes (and path first, as it is here, gzips smaller than name first).
 */
const ROWS = `/email/request requestEmailUpdate POST user_id email
/email/confirm confirmEmailUpdate POST user_id code
/mfa/software-token updateSoftwareToken PUT user_id verification_code
/mfa/secret-code createSecretCode POST user_id -
/mfa/preference getUserMfaPreference GET user_id
/mfa/preference updateUserMfaPreference PATCH user_id enabled,method
/providers/{provider_name} unlinkProvider DELETE provider_name,user_id
/external-users/request requestExternalUserLink POST - -
/external-users/confirm confirmExternalUserLink POST - code
/sign-up signUp POST - email
/sign-up/resend resendSignUpConfirmationEmail POST - email
/aws-marketplace/sign-up signUpWithAwsMarketplace POST - email,registration_token
/aws-marketplace/sign-up-confirm confirmSignUpWithAwsMarketplace POST - tenant_name,registration_token
/aws-marketplace/link linkAwsMarketplace PATCH - tenant_id,registration_token
/self-sign-up selfSignUpForm GET -
/self-sign-up selfSignUp POST - tenant_name,tenant_attributes,user_attributes`;

const list = (words: string) => (words === '-' ? [] : words.split(','));

/**
 * The rows of `api/operations.ts` that have a proxy route, cut down to what `proxyTransport`
 * needs (method, proxy path, path parameters, the body fields the browser sends), and the self
 * sign-up's `selfSignUpForm` and `selfSignUp` (the proxy's own route, not a SaaSus operation).
 * Written out rather than computed so that a browser bundle holds these few bytes instead of the
 * whole table; test/proxy/browser-routes.test.ts checks that they equal the table's rows and the
 * self sign-up route.
 */
export const browserRoutes = Object.fromEntries(
  ROWS.split('\n').map((row) => {
    const [path, name, method, params = '-', sends] = row.split(' ');
    return [name, { method, path, pathParams: list(params), ...(sends && { sends: list(sends) }) }];
  }),
) as unknown as { readonly [K in ProxiedOperationName]: BrowserRoute<K> } & SelfSignUpRoutes;
