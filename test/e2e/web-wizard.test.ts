import { rm } from 'node:fs/promises';
import jsqr from 'jsqr';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningWizard } from '../../examples/web-wizard/server.js';
import { otpauthUri } from '../../src/mfa/index.js';
import { createAuthenticator } from '../../src/testing/index.js';
import { launchChromium, screenshots, skipReason, type Browser } from './browser.js';
import {
  confirmOnHostedPage,
  createTenant,
  distDir,
  fillTenantForm,
  fromMailbox,
  headingText,
  invalidField,
  serveWizard,
  shownOtpauthUri,
  shownState,
  signUp,
  submitCode,
  waitForHeadingFocus,
  waitForState, startMfaEnrollment } from './wizard-driver.js';

// jsqr is CommonJS with a `default` property; under NodeNext types the default import is the module.
const jsQR = jsqr.default;

describe.skipIf(skipReason !== undefined)('web wizard in Chromium', () => {
  let wizard: RunningWizard;
  let browser: Browser;
  let page: Page;
  let n = 0;
  const email = (name: string) => `${name}-${process.pid}-${(n += 1)}@example.com`;

  beforeAll(async () => {
    wizard = await serveWizard();
  }, 120_000);
  afterAll(async () => {
    await wizard?.close();
    await rm(distDir(), { recursive: true, force: true });
  });
  beforeEach(async () => {
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(wizard.url);
  });
  afterEach(async () => {
    await browser?.close();
  });

  /** Sign-up and confirmation on the hosted page; ends on the MFA step. */
  async function onboardUntilMfa(address: string, shot?: (step: string) => Promise<void>): Promise<void> {
    await signUp(page, address);
    await shot?.('sign-up-awaiting-confirmation');
    const temporaryPassword = await fromMailbox(page, address, 'signUp', 'temporary-password');
    await confirmOnHostedPage(page, address, temporaryPassword, shot);
    await createTenant(page, tenantOf(address));
    await startMfaEnrollment(page);
    await waitForState(page, 'mfaSetup', 'showingSecret');
  }

  /** The tenant form's values for a user: a tenant name of their own. */
  function tenantOf(address: string) {
    return { name: `Tenant of ${address}`, seats: '12', contractStart: '2026-12-01', jobTitle: 'Engineer' };
  }

  /** The emulator's tenants `address`'s user belongs to, with that user's record in each. */
  function tenantsOf(address: string) {
    const state = wizard.emulator.control.exportState();
    const user = Object.values(state.users).find((u) => u.email === address);
    expect(user).toBeDefined();
    const userId = user?.id ?? '';
    return Object.values(state.tenants)
      .filter((tenant) => tenant.members.includes(userId))
      .map((tenant) => ({ tenant, member: tenant.tenantUsers[userId] }));
  }

  async function enrollMfa(): Promise<void> {
    const app = createAuthenticator({ now: () => wizard.emulator.control.clock.now() });
    await submitCode(page, app.code(await shownOtpauthUri(page)));
    await waitForState(page, 'emailUpdate', 'enteringEmail');
  }

  async function requestEmailChange(newAddress: string): Promise<void> {
    await page.fill('section input[name="email"]', newAddress);
    await page.click('section button[name="submit"]');
    await waitForState(page, 'emailUpdate', 'enteringCode');
  }

  it('completes an onboarding through the UI: sign-up, hosted sign-in, MFA with the QR, e-mail change', async () => {
    const shot = await screenshots(page, 'full-onboarding');
    const address = email('ann');
    const newAddress = email('ann-new');
    await waitForState(page, 'signUp', 'enteringEmail');
    await waitForHeadingFocus(page);
    // The first screen: a plain title, nothing to start over from.
    expect(await headingText(page)).toBe('Create your account');
    expect(await page.locator('button[name="start-over"]').count()).toBe(0);
    await shot('sign-up-entering-email');

    await signUp(page, address);
    await waitForHeadingFocus(page);
    expect(await headingText(page)).toBe('Create your account');
    expect(await page.locator('button[name="start-over"]').count()).toBe(1);
    // A live countdown instead of a date: the resend button waits, and its text ticks.
    const resend = page.locator('section button[name="resend"]');
    expect(await resend.isDisabled()).toBe(true);
    const first = (await resend.textContent()) ?? '';
    expect(first).toMatch(/^Resend in \d+ s$/);
    await page.waitForFunction((before) => document.querySelector('section button[name="resend"]')?.textContent !== before, first);
    expect(await resend.textContent()).toMatch(/^Resend in \d+ s$/);
    await shot('sign-up-awaiting-confirmation');

    const temporaryPassword = await fromMailbox(page, address, 'signUp', 'temporary-password');
    await confirmOnHostedPage(page, address, temporaryPassword, shot);

    // "Create your tenant": the name and the attributes the SaaS defined, typed and labelled.
    await waitForState(page, 'tenantSignUp', 'enteringDetails');
    await waitForHeadingFocus(page);
    expect(await headingText(page)).toBe('Create your tenant');
    const typeOf = (name: string) => page.locator(`section input[name="${name}"]`).getAttribute('type');
    expect(await typeOf('tenant_name')).toBe('text');
    expect(await typeOf('tenant.seats')).toBe('number');
    expect(await typeOf('tenant.contract_start')).toBe('date');
    expect(await typeOf('user.job_title')).toBe('text');
    for (const [name, label] of [
      ['tenant_name', 'Tenant name'],
      ['tenant.seats', 'Number of seats'],
      ['tenant.contract_start', 'Contract start'],
      ['user.job_title', 'Your job title'],
    ] as const) {
      expect(await page.getByLabel(label, { exact: true }).getAttribute('name')).toBe(name);
    }
    await shot('tenant-entering-details');
    // A missing value is refused before any request, on its field.
    const details = tenantOf(address);
    await fillTenantForm(page, { ...details, jobTitle: '' });
    await page.click('section button[name="submit"]');
    expect(await invalidField(page, 'user.job_title')).toContain('Your job title');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('user.job_title');
    expect(await page.locator('section input[name="tenant.seats"]').inputValue()).toBe('12');
    expect(Object.values(wizard.emulator.control.exportState().tenants).filter((t) => t.name === details.name)).toHaveLength(0);
    await shot('tenant-invalid');
    await createTenant(page, details);
    await waitForHeadingFocus(page);
    // Exactly one tenant, with the user in it as administrator in env 3.
    const joined = tenantsOf(address);
    expect(joined).toHaveLength(1);
    expect(joined[0]?.tenant).toMatchObject({ name: details.name, attributes: { seats: 12, contract_start: '2026-12-01' }, backOfficeStaffEmail: address });
    expect(joined[0]?.member).toMatchObject({ attributes: { job_title: 'Engineer' }, envs: { '3': ['admin'] } });
    expect(Object.values(wizard.emulator.control.exportState().tenants).filter((t) => t.name === details.name)).toHaveLength(1);

    await startMfaEnrollment(page);
    await waitForState(page, 'mfaSetup', 'showingSecret');
    await waitForHeadingFocus(page);
    expect(await headingText(page)).toBe('Set up two-step sign-in');
    await shot('mfa-showing-secret');

    await enrollMfa();
    await waitForHeadingFocus(page);
    expect(await headingText(page)).toBe('Change your e-mail address');
    await shot('email-entering-email');

    await requestEmailChange(newAddress);
    await waitForHeadingFocus(page);
    await shot('email-entering-code');

    await submitCode(page, await fromMailbox(page, newAddress, 'updateUserAttribute', 'code'));
    await waitForState(page, 'done', 'done');
    await waitForHeadingFocus(page);
    await shot('done');

    // The summary speaks to the person: no machine ids, statuses or state names.
    const summary = (await page.locator('#app section').textContent()) ?? '';
    expect(summary).toContain(`Your account ${address} is confirmed.`);
    expect(summary).toContain(`Your tenant Tenant of ${address} is ready, and you are its administrator.`);
    expect(summary).toContain('Two-step sign-in with an authenticator app is on.');
    expect(summary).toContain(`You now sign in with ${newAddress}.`);
    expect(summary).not.toMatch(/signUp|SignUp|mfaSetup|emailUpdate|confirmed \(|enabled\b|updated \(/);
    const user = wizard.emulator.control.exportState().users;
    const stored = Object.values(user).find((u) => u.email === newAddress);
    expect(stored?.status).toBe('CONFIRMED');
    expect(stored?.mfa).toMatchObject({ enabled: true, method: 'softwareToken' });
  }, 90_000);

  it('resumes at the same step after a reload mid-flow', async () => {
    const shot = await screenshots(page, 'reload-resumes');
    const address = email('bob');
    await signUp(page, address);
    await page.reload();
    await waitForState(page, 'signUp', 'awaitingConfirmation');
    expect(await page.locator('section').textContent()).toContain(address);
    await shot('sign-up-after-reload');

    const temporaryPassword = await fromMailbox(page, address, 'signUp', 'temporary-password');
    await confirmOnHostedPage(page, address, temporaryPassword);
    await waitForState(page, 'tenantSignUp', 'enteringDetails');
    await page.reload();
    await createTenant(page, tenantOf(address));
    expect(tenantsOf(address)).toHaveLength(1);
    await startMfaEnrollment(page);
    await waitForState(page, 'mfaSetup', 'showingSecret');
    await enrollMfa();
    await requestEmailChange(email('bob-new'));
    await page.reload();
    await waitForState(page, 'emailUpdate', 'enteringCode');
    expect(await shownState(page)).toBe('emailUpdate:enteringCode');
    await shot('email-code-after-reload');
    const saved = await page.evaluate(() => localStorage.getItem('saasus-flows.web-wizard') ?? '');
    expect(saved).not.toMatch(/access_?token|password|secret/i);
  }, 90_000);

  it('shows the error and the attempts left after a wrong code', async () => {
    const shot = await screenshots(page, 'wrong-code');
    const newAddress = email('cy-new');
    await onboardUntilMfa(email('cy'));
    await enrollMfa();
    await requestEmailChange(newAddress);
    const code = await fromMailbox(page, newAddress, 'updateUserAttribute', 'code');
    await submitCode(page, code === '000000' ? '111111' : '000000');
    const error = page.locator('section [role="alert"][data-error]');
    await error.waitFor();
    await shot('wrong-code-error');
    expect(await error.getAttribute('data-error')).toBe('code_mismatch');
    expect(await error.getAttribute('data-attempts-left')).toBe('4');
    expect(await error.textContent()).toContain('4 attempts left');
    expect(await invalidField(page, 'code')).toContain('4 attempts left');
    // Focus goes to the refused field, not to <body>.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('code');
    expect(await shownState(page)).toBe('emailUpdate:enteringCode');
  }, 90_000);

  it('keeps the QR code after a wrong authenticator code, with the field marked invalid', async () => {
    const shot = await screenshots(page, 'mfa-wrong-code');
    await onboardUntilMfa(email('eve'));
    const uri = await shownOtpauthUri(page);
    const app = createAuthenticator({ now: () => wizard.emulator.control.clock.now() });
    const right = app.code(uri);
    await submitCode(page, right === '000000' ? '111111' : '000000');
    const message = await invalidField(page, 'code');
    expect(message).toMatch(/\S/);
    await shot('mfa-wrong-code');
    expect(await shownState(page)).toBe('mfaSetup:enteringCode');
    // The same key is still on screen, as image and text, to scan again or retype the code.
    expect(await shownOtpauthUri(page)).toBe(uri);
    expect(await page.locator('img[data-otpauth]').isVisible()).toBe(true);
    expect(uri).toContain(`secret=${(await page.locator('[data-secret]').textContent()) ?? ''}`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('code');

    await submitCode(page, app.code(uri));
    await waitForState(page, 'emailUpdate', 'enteringEmail');
    await waitForHeadingFocus(page);
  }, 90_000);

  it('draws a QR image that decodes to the otpauth URI of the shown secret', async () => {
    const shot = await screenshots(page, 'mfa-qr');
    const address = email('dee');
    await onboardUntilMfa(address);
    const uri = await shownOtpauthUri(page);
    await shot('mfa-qr');
    const secret = (await page.locator('[data-secret]').textContent()) ?? '';
    expect(uri).toBe(otpauthUri({ secret, accountName: address }));
    expect(await page.locator('img[data-otpauth]').getAttribute('alt')).toBe(uri);

    const pixels = await page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('img[data-otpauth]');
      if (!img) throw new Error('no QR image');
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(img, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
      return { data: Array.from(data), width, height };
    });
    const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
    expect(decoded?.data).toBe(uri);
  }, 90_000);
});
