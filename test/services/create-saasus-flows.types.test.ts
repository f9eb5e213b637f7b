// Type tests: `npm run typecheck` (tsc over test/) fails when an @ts-expect-error line compiles.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/client.js';
import type {
  awsMarketplaceSignUpMachine,
  emailUpdateMachine,
  externalUserLinkMachine,
  mfaSetupMachine,
  signUpMachine,
  tenantSignUpMachine,
} from '../../src/machines/index.js';
import { proxyTransport } from '../../src/proxy/transport.js';
import {
  createSaasusFlows,
  type ConfirmSignUp,
  type FlowServicesOptions,
  type SaasusFlows,
  type SessionProvider,
} from '../../src/services/index.js';

const api = createSaasUserApi({ baseURL: 'http://emulator.local', saasId: 's', apiKey: 'k', secretKey: 'x', fetch: () => Promise.reject(new Error('offline')) });
const session: SessionProvider = () => ({ userId: 'u1', accessToken: 't' });
const confirmSignUp: ConfirmSignUp = async () => ({ userId: 'u1' });

describe('createSaasusFlows types', () => {
  it('has no machine at all without options over the signing client', () => {
    const flows = createSaasusFlows(api);
    expectTypeOf(flows).toEqualTypeOf<{}>();
    // @ts-expect-error sign-up needs `confirmSignUp`
    void flows.signUpMachine;
    // @ts-expect-error the token flows need `session`
    void flows.emailUpdateMachine;
  });

  it('a missing confirmSignUp is a compile error where sign-up is used', () => {
    const flows = createSaasusFlows(api, { session });
    expectTypeOf(flows.emailUpdateMachine).toEqualTypeOf<typeof emailUpdateMachine>();
    expectTypeOf(flows.externalUserLinkMachine).toEqualTypeOf<typeof externalUserLinkMachine>();
    expectTypeOf(flows.mfaSetupMachine).toEqualTypeOf<typeof mfaSetupMachine>();
    expectTypeOf(flows.tenantSignUpMachine).toEqualTypeOf<typeof tenantSignUpMachine>();
    expectTypeOf(flows).not.toHaveProperty('signUpMachine');
    // @ts-expect-error sign-up needs `confirmSignUp`
    void flows.signUpMachine;
    // @ts-expect-error the Marketplace flow confirms a sign-up too
    void flows.awsMarketplaceSignUpMachine;
  });

  it('a missing session is a compile error where a token flow is used', () => {
    const flows = createSaasusFlows(api, { confirmSignUp });
    expectTypeOf(flows.signUpMachine).toEqualTypeOf<typeof signUpMachine>();
    expectTypeOf(flows).toEqualTypeOf<Pick<SaasusFlows, 'signUpMachine'>>();
    // @ts-expect-error e-mail update needs `session`
    void flows.emailUpdateMachine;
    // @ts-expect-error MFA needs `session`
    void flows.mfaSetupMachine;
    // @ts-expect-error the tenant sign-up reads the user's tenants with the session's ID token
    void flows.tenantSignUpMachine;
    // @ts-expect-error the Marketplace flow confirms and links with the user's token
    void flows.awsMarketplaceSignUpMachine;
  });

  it('gives all six flows with both, and session "backend" counts as a session', () => {
    expectTypeOf(createSaasusFlows(api, { session, confirmSignUp, now: () => 0 })).toEqualTypeOf<SaasusFlows>();
    const backend = createSaasusFlows(api, { session: 'backend', confirmSignUp });
    expectTypeOf(backend.awsMarketplaceSignUpMachine).toEqualTypeOf<typeof awsMarketplaceSignUpMachine>();
  });

  it('proxyTransport makes session unnecessary', () => {
    const browser = proxyTransport('/api/saasus', { fetch: () => Promise.reject(new Error('offline')) });
    const tokenOnly = createSaasusFlows(browser);
    expectTypeOf(tokenOnly.emailUpdateMachine).toEqualTypeOf<typeof emailUpdateMachine>();
    expectTypeOf(tokenOnly.mfaSetupMachine).toEqualTypeOf<typeof mfaSetupMachine>();
    expectTypeOf(tokenOnly.tenantSignUpMachine).toEqualTypeOf<typeof tenantSignUpMachine>();
    // @ts-expect-error still no sign-up without `confirmSignUp`
    void tokenOnly.signUpMachine;
    expectTypeOf(createSaasusFlows(browser, { confirmSignUp })).toEqualTypeOf<SaasusFlows>();
  });

  it('treats an option that may be undefined as missing', () => {
    const loose: FlowServicesOptions = { session, confirmSignUp };
    const flows = createSaasusFlows(api, loose);
    // @ts-expect-error `confirmSignUp?:` may be undefined at run time
    void flows.signUpMachine;
  });

  it('still returns every machine at run time (JavaScript callers get a configuration error instead)', () => {
    const flows = createSaasusFlows(api) as unknown as SaasusFlows;
    expect(Object.keys(flows).sort()).toEqual(['awsMarketplaceSignUpMachine', 'emailUpdateMachine', 'externalUserLinkMachine', 'mfaSetupMachine', 'signUpMachine', 'tenantSignUpMachine']);
  });
});
