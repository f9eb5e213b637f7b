import { createActor, waitFor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createSaasusFlows } from '../../src/services/index.js';
import { proxyTransport } from '../../src/proxy/transport.js';
import { createAuthenticator } from '../../src/testing/index.js';
import { BASE, createProxyFixture } from './proxy-fixture.js';

describe('createSaasusFlows(proxyTransport(...))', () => {
  it('runs the e-mail change and MFA machines in "the browser" with no session and no secret', async () => {
    const f = createProxyFixture();
    const { cookie, session } = await f.signedInUser('browser@example.com');
    const browserFetch = (input: Request | string | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      request.headers.set('cookie', cookie);
      return f.proxy(request);
    };
    const flows = createSaasusFlows(proxyTransport(BASE, { fetch: browserFetch }));

    const email = createActor(flows.emailUpdateMachine, { input: {} }).start();
    email.send({ type: 'email.submit', email: 'browser-new@example.com' });
    await waitFor(email, (s) => s.matches('enteringCode'));
    const code = f.emulator.control.latestMessage('browser-new@example.com', 'updateUserAttribute')?.code ?? '';
    email.send({ type: 'code.submit', code });
    await waitFor(email, (s) => s.status === 'done');
    expect(email.getSnapshot().output).toEqual({ status: 'updated', email: 'browser-new@example.com' });

    const app = createAuthenticator({ now: () => f.emulator.control.clock.now() });
    const mfa = createActor(flows.mfaSetupMachine, { input: { accountName: 'browser-new@example.com' } }).start();
    await waitFor(mfa, (s) => s.matches('offeringEnrollment'));
    mfa.send({ type: 'enrollment.start' });
    const shown = await waitFor(mfa, (s) => s.matches('showingSecret'));
    mfa.send({ type: 'code.submit', code: app.code(shown.context.secret ?? '') });
    await waitFor(mfa, (s) => s.status === 'done');
    expect(mfa.getSnapshot().output).toEqual({ status: 'enabled', method: 'softwareToken' });

    await expect(f.api.getSaasUser(session.userId)).resolves.toMatchObject({ email: 'browser-new@example.com' });
    await expect(f.api.getUserMfaPreference(session.userId)).resolves.toEqual({ enabled: true, method: 'softwareToken' });
  });
});
