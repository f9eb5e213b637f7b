import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerWizard, type ServerWizard } from '../../examples/server-wizard/main.js';
import { createAuthenticator } from '../../src/testing/index.js';
import { redisServerBinary } from '../support/redis-server.js';
import { launchChromium, skipReason, type Browser } from './browser.js';

/** The request lines an instance logged (`[a] GET /`), in order. */
const requests = (log: string) => log.split('\n').filter((line) => /^\[\w\] (GET|POST) /.test(line));

describe.skipIf(skipReason !== undefined)('server-rendered wizard in Chromium, JavaScript off, two instances', () => {
  let wizard: ServerWizard;
  let browser: Browser;

  beforeAll(async () => {
    redisServerBinary(); // fails, saying how to install it, when redis-server is missing
    wizard = await startServerWizard();
    browser = await launchChromium({ javaScriptEnabled: false });
  });

  afterAll(async () => {
    await browser?.close();
    await wizard?.close();
  });

  it('signs up on the hosted page, turns on MFA from the QR, changes the e-mail; one instance killed on the way', { timeout: 90_000 }, async () => {
    expect(wizard.store).toBe('redis');
    expect(wizard.instances).toHaveLength(2);
    const page = await browser.context.newPage();
    const authenticator = createAuthenticator({ now: wizard.emulator.control.clock.now });

    await page.goto(wizard.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign up');
    await page.getByLabel('E-mail').fill('ann@example.com');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Confirm your sign-up');
    const temporaryPassword = (await page.locator('aside output').textContent())!;
    expect(temporaryPassword.length).toBeGreaterThan(6);

    // The emulator's hosted sign-in page: temporary password, then the new one; back to /callback.
    await page.getByRole('link', { name: 'Open the sign-in page' }).click();
    await page.getByLabel('E-mail', { exact: true }).first().fill('ann@example.com');
    await page.getByLabel('Password', { exact: true }).fill(temporaryPassword);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page.getByLabel('New password').fill('N3w-Passw0rd!');
    await page.getByRole('button', { name: 'Set password' }).click();

    await page.waitForURL((url) => url.port === new URL(wizard.url).port, { timeout: 10_000 }).catch(async () => { throw new Error(`stuck at ${page.url()}: ${await page.locator('body').textContent()}`); });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Set up your authenticator app');
    await page.getByRole('button', { name: 'Add an authenticator app' }).click();
    await expect.poll(() => page.locator('figure svg').count()).toBe(1);
    const key = (await page.locator('figcaption code').textContent())!;
    await page.getByLabel('6-digit code').fill(authenticator.code(key));
    await page.getByRole('button', { name: 'Turn on MFA' }).click();

    await expect.poll(() => page.locator('h1').textContent()).toBe('Change your e-mail');
    await page.getByLabel('New e-mail').fill('ann.new@example.com');
    await page.getByRole('button', { name: 'Send a code' }).click();
    await expect.poll(() => page.getByLabel('Code from the e-mail').count()).toBe(1);
    const code = (await page.locator('aside output').textContent())!;

    // Both instances served the onboarding so far, taking turns.
    const [a, b] = wizard.instances as [ServerWizard['instances'][number], ServerWizard['instances'][number]];
    expect(requests(a.log()).length).toBeGreaterThanOrEqual(3);
    expect(requests(b.log()).length).toBeGreaterThanOrEqual(3);
    expect(Math.abs(requests(a.log()).length - requests(b.log()).length)).toBeLessThanOrEqual(1);

    a.kill();
    const before = requests(b.log()).length;
    await page.getByLabel('Code from the e-mail').fill(code);
    await page.getByRole('button', { name: 'Change e-mail' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('All set');
    expect(await page.locator('main').textContent()).toContain('MFA on');
    expect(requests(b.log()).length).toBeGreaterThan(before);
    const user = Object.values(wizard.emulator.control.exportState().users).find((u) => u.email === 'ann.new@example.com');
    expect(user?.mfa.enabled).toBe(true);
  });
});
