import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildWizard } from '../../examples/web-wizard/build.js';
import { startWizard, type RunningWizard } from '../../examples/web-wizard/server.js';
import { repoRoot } from './browser.js';

/** A password the emulator's policy accepts. */
export const NEW_PASSWORD = 'Correct-Horse-42';

/** Builds the front end with Vite (once per test file) and serves it with its back end on 127.0.0.1:0. */
export async function serveWizard(): Promise<RunningWizard> {
  await buildWizard(distDir());
  return startWizard({ distDir: distDir(), port: 0 });
}

/** Where this test process builds the front end. */
export function distDir(): string {
  return join(repoRoot, 'test-output', 'e2e', `dist-${process.pid}`);
}

/** Waits until the wizard shows `flow` in top-level state `state`, and returns its section. */
export async function waitForState(page: Page, flow: string, state: string): Promise<void> {
  await page.waitForSelector(`section[data-flow="${flow}"][data-state="${state}"]`);
}

/** From the MFA step's offer, asks for a new authenticator key (the secret is created only then). */
export async function startMfaEnrollment(page: Page): Promise<void> {
  await waitForState(page, 'mfaSetup', 'offeringEnrollment');
  await page.click('button[name="add-app"]');
}

/** The top-level state the wizard shows, as `flow:state`. */
export async function shownState(page: Page): Promise<string> {
  const section = page.locator('#app section');
  return `${await section.getAttribute('data-flow')}:${await section.getAttribute('data-state')}`;
}

/** Enters the address on the sign-up step and waits for the confirmation step. */
export async function signUp(page: Page, email: string): Promise<void> {
  await waitForState(page, 'signUp', 'enteringEmail');
  await page.fill('section input[name="email"]', email);
  await page.click('section button[name="submit"]');
  await waitForState(page, 'signUp', 'awaitingConfirmation');
}

/** Reads a value from the demo mailbox panel (what SaaSus would e-mail). */
export async function fromMailbox(page: Page, to: string, template: string, field: 'temporary-password' | 'code'): Promise<string> {
  const locator = page.locator(`#mailbox li[data-template="${template}"][data-to="${to}"] [data-${field}]`).first();
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

/** Follows the link to the emulator's hosted sign-in page and confirms with a new password. */
export async function confirmOnHostedPage(page: Page, email: string, temporaryPassword: string, shot?: (step: string) => Promise<void>): Promise<void> {
  await page.click('a[data-action="open-sign-in"]');
  await page.waitForURL(/\/_emulator\/login/);
  const form = page.locator('form:has(input[name="password"])');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(temporaryPassword);
  await shot?.('hosted-sign-in');
  await form.locator('button[type="submit"]').click();
  await page.waitForSelector('input[name="newPassword"]');
  await page.fill('input[name="newPassword"]', NEW_PASSWORD);
  await shot?.('hosted-new-password');
  await page.click('button[type="submit"]');
}

/** The otpauth URI the MFA step's QR image carries, once the image is drawn. */
export async function shownOtpauthUri(page: Page): Promise<string> {
  const img = page.locator('img[data-otpauth][data-ready="true"]');
  await img.waitFor();
  return (await img.getAttribute('data-otpauth')) ?? '';
}

/** Submits a code in the current step's code form. */
export async function submitCode(page: Page, code: string): Promise<void> {
  await page.fill('section input[name="code"]', code);
  await page.click('section button[name="submit"]');
}

/** Waits until keyboard focus is on the step's heading (where it goes after every step change). */
export async function waitForHeadingFocus(page: Page): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.id === 'step-heading' && document.activeElement.tagName === 'H2');
}

/** The step heading's text: the step's title and nothing else (no state names). */
export async function headingText(page: Page): Promise<string> {
  return ((await page.locator('#app section h2').textContent()) ?? '').trim();
}

/** Checks that the field `name` is marked invalid and described by the shown error; returns the error text. */
export async function invalidField(page: Page, name: string): Promise<string> {
  const input = page.locator(`section input[name="${name}"]`);
  await page.waitForSelector(`section input[name="${name}"][aria-invalid="true"]`);
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  if (describedBy === '') throw new Error(`input ${name} has no aria-describedby`);
  const error = page.locator(`[id="${describedBy}"]`);
  if ((await error.getAttribute('role')) !== 'alert') throw new Error(`#${describedBy} is not the error alert`);
  return (await error.textContent()) ?? '';
}

/** What the "Create your tenant" form is filled with: the wizard's emulator defines these attributes. */
export interface TenantDetails {
  name: string;
  seats: string;
  contractStart: string;
  jobTitle: string;
}

/** Fills the "Create your tenant" form (tenant name, the tenant's and the user's attributes) without submitting it. */
export async function fillTenantForm(page: Page, details: TenantDetails): Promise<void> {
  await waitForState(page, 'tenantSignUp', 'enteringDetails');
  await page.fill('section input[name="tenant_name"]', details.name);
  await page.fill('section input[name="tenant.seats"]', details.seats);
  await page.fill('section input[name="tenant.contract_start"]', details.contractStart);
  await page.fill('section input[name="user.job_title"]', details.jobTitle);
}

/** Fills and submits the "Create your tenant" form, and waits for the MFA step. */
export async function createTenant(page: Page, details: TenantDetails): Promise<void> {
  await fillTenantForm(page, details);
  await page.click('section button[name="submit"]');
  await waitForState(page, 'mfaSetup', 'offeringEnrollment');
}
