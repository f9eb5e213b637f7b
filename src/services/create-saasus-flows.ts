import { awsMarketplaceSignUpMachine } from '../machines/aws-marketplace-sign-up/aws-marketplace-sign-up.machine.js';
import { emailUpdateMachine } from '../machines/email-update/email-update.machine.js';
import { externalUserLinkMachine } from '../machines/external-user-link/external-user-link.machine.js';
import { mfaSetupMachine } from '../machines/mfa-setup/mfa-setup.machine.js';
import { resendCooldownDelay, systemNow } from '../machines/shared/deadlines.js';
import { signUpMachine } from '../machines/sign-up/sign-up.machine.js';
import { tenantSignUpMachine } from '../machines/tenant-sign-up/tenant-sign-up.machine.js';
import { awsMarketplaceSignUpActors } from './aws-marketplace-sign-up.actors.js';
import { emailUpdateActors } from './email-update.actors.js';
import { externalUserLinkActors } from './external-user-link.actors.js';
import type { FlowNamesFor, FlowServicesOptions } from './flow.types.js';
import { mfaSetupActors } from './mfa-setup.actors.js';
import type { FlowsApi } from './ports.js';
import { signUpActors } from './sign-up.actors.js';
import { tenantSignUpActorsFor, type TenantSignUpPort } from './tenant-sign-up.actors.js';

/** Every flow machine, provided with actors over one api and one set of options. */
export interface SaasusFlows {
  signUpMachine: typeof signUpMachine;
  emailUpdateMachine: typeof emailUpdateMachine;
  externalUserLinkMachine: typeof externalUserLinkMachine;
  mfaSetupMachine: typeof mfaSetupMachine;
  awsMarketplaceSignUpMachine: typeof awsMarketplaceSignUpMachine;
  tenantSignUpMachine: typeof tenantSignUpMachine;
}

/**
 * The machines `createSaasusFlows(api, options)` returns for these options, and no others:
 * without `confirmSignUp` there is no `signUpMachine`, without `session` (or a
 * `proxyTransport` api) no token flow, so using one is a compile error, not a run-time one.
 */
export type SaasusFlowsFor<TApi extends FlowsApi & TenantSignUpPort, TOptions extends FlowServicesOptions> = Pick<SaasusFlows, FlowNamesFor<TApi, TOptions>>;

/**
 * The flow machines, ready to run: their actors call `api` (the signing client on a server,
 * `proxyTransport` in a browser, or a client over the emulator), take the user from
 * `options.session`, and read time from `options.now` (also for the resend cooldown). The tenant
 * sign-up calls the tenant operations of the signing client with the session's `idToken`, or
 * the proxy's self sign-up route through `proxyTransport`. Restore a
 * persisted flow into the machine of the same flows object: its session provider re-supplies the
 * access token, which is never persisted.
 *
 * The result has only the machines the options can run (see {@link SaasusFlowsFor}):
 * `signUpMachine` needs `confirmSignUp`; `emailUpdateMachine`, `externalUserLinkMachine` and
 * `mfaSetupMachine` and `tenantSignUpMachine` need `session` (the tenant sign-up its `idToken`)
 * unless `api` is a `proxyTransport`; `awsMarketplaceSignUpMachine` needs both. (Called from
 * JavaScript, all six are there and a missing option fails the flow with a `configuration` error.)
 *
 * @example
 * const flows = createSaasusFlows(api, { session: () => ({ userId, accessToken }) });
 * const actor = createActor(flows.emailUpdateMachine, { input: {} }).start();
 * actor.send({ type: 'email.submit', email: 'new@example.com' });
 * flows.signUpMachine; // compile error: give `confirmSignUp` for sign-ups
 */
export function createSaasusFlows<TApi extends FlowsApi & TenantSignUpPort, const TOptions extends FlowServicesOptions = Record<never, never>>(
  api: TApi,
  options?: TOptions,
): SaasusFlowsFor<TApi, TOptions>;
export function createSaasusFlows(api: FlowsApi & TenantSignUpPort, options: FlowServicesOptions = {}): SaasusFlows {
  const delays = { resendCooldown: resendCooldownDelay(options.now ?? systemNow) };
  return {
    signUpMachine: signUpMachine.provide({ actors: signUpActors(api, options), delays }),
    emailUpdateMachine: emailUpdateMachine.provide({ actors: emailUpdateActors(api, options), delays }),
    externalUserLinkMachine: externalUserLinkMachine.provide({ actors: externalUserLinkActors(api, options), delays }),
    mfaSetupMachine: mfaSetupMachine.provide({ actors: mfaSetupActors(api, options) }),
    awsMarketplaceSignUpMachine: awsMarketplaceSignUpMachine.provide({ actors: awsMarketplaceSignUpActors(api, options), delays }),
    tenantSignUpMachine: tenantSignUpMachine.provide({ actors: tenantSignUpActorsFor(api, options) }),
  };
}
