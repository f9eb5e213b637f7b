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
  distDir,
  fromMailbox,
  serveWizard,
  shownOtpauthUri,
  shownState,
  signUp,
  submitCode,
  waitForState,
} from './wizard-driver.js';

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
    await waitForState(page, 'mfaSetup', 'showingSecret');
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
    await shot('sign-up-entering-email');
    await onboardUntilMfa(address, shot);
    await shot('mfa-showing-secret');
    await enrollMfa();
    await shot('email-entering-email');
    await requestEmailChange(newAddress);
    await shot('email-entering-code');
    await submitCode(page, await fromMailbox(page, newAddress, 'updateUserAttribute', 'code'));
    await waitForState(page, 'done', 'done');
    await shot('done');

    expect(await page.locator('#app section').textContent()).toContain(`You now sign in with ${newAddress}.`);
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
    expect(await shownState(page)).toBe('emailUpdate:enteringCode');
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
