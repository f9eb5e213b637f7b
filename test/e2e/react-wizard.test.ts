import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningWizard } from '../../examples/web-wizard/server.js';
import { startReactWizard } from '../../examples/react-wizard/server.js';
import { createAuthenticator, createInbox, type EmulatorInbox } from '../../src/testing/index.js';
import { launchChromium, repoRoot, screenshots, skipReason, type Browser } from './browser.js';
import { confirmOnHostedPage, invalidField } from './wizard-driver.js';

const AXE = join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');
const distDir = join(repoRoot, 'test-output', 'e2e', `react-dist-${process.pid}`);

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: unknown }>;
}

describe.skipIf(skipReason !== undefined)('React wizard in Chromium', () => {
  let wizard: RunningWizard;
  let inbox: EmulatorInbox;
  let browser: Browser;
  let page: Page;
  let n = 0;
  const email = (name: string) => `${name}-${process.pid}-${(n += 1)}@example.com`;

  beforeAll(async () => {
    wizard = await startReactWizard({ distDir, port: 0 });
    inbox = createInbox(wizard.emulator);
  }, 120_000);
  afterAll(async () => {
    await wizard?.close();
    await rm(distDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    browser = await launchChromium();
    page = await browser.context.newPage();
  });
  afterEach(async () => {
    await browser?.close();
  });

  /** Waits for a settled screen of a step (no request in flight). */
  async function screen(flow: string, name: string): Promise<void> {
    await page.waitForSelector(`section[data-flow="${flow}"][data-screen="${name}"][aria-busy="false"]`);
  }

  /** The step's heading has the focus. */
  async function expectFocusOnHeading(flow: string): Promise<void> {
    await page.waitForFunction((f) => {
      const active = document.activeElement;
      return active?.tagName === 'H2' && active.closest('section')?.getAttribute('data-flow') === f;
    }, flow);
    const focused = await page.evaluate(() => ({ text: document.activeElement?.textContent, labels: document.activeElement?.closest('section')?.getAttribute('aria-labelledby') === document.activeElement?.id }));
    expect(focused.labels).toBe(true);
    expect(focused.text).not.toBe('');
  }

  /** axe-core over the whole page: no violations. */
  async function expectNoAxeViolations(what: string): Promise<void> {
    // Evaluated through the DevTools protocol, which the page's strict CSP (no inline scripts) does not govern.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE, 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(document);
      return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((node) => node.target) }));
    });
    expect(violations, `axe on ${what}`).toEqual([]);
  }

  /** A settled screen, with the focus on its heading and no axe violation. */
  async function arrive(flow: string, name: string, shot?: (step: string) => Promise<void>): Promise<void> {
    await screen(flow, name);
    await expectFocusOnHeading(flow);
    await expectNoAxeViolations(`${flow}:${name}`);
    await shot?.(`${flow}-${name}`);
  }

  async function signUp(address: string): Promise<void> {
    await page.getByLabel(/E-mail address|メールアドレス/).fill(address);
    await page.click('section button[name="submit"]');
  }

  async function enrollMfa(): Promise<void> {
    const img = page.locator('img[data-otpauth][data-ready="true"]');
    await img.waitFor();
    const app = createAuthenticator({ now: () => wizard.emulator.control.clock.now() });
    await submitCode(app.code((await img.getAttribute('data-otpauth')) ?? ''));
  }

  /** The emulator's tenants `address`'s user belongs to, each with that user's membership. */
  function tenantsOf(address: string) {
    const state = wizard.emulator.control.exportState();
    const userId = Object.values(state.users).find((u) => u.email === address)?.id ?? '';
    return Object.values(state.tenants)
      .filter((tenant) => tenant.members.includes(userId))
      .map((tenant) => ({ tenant, member: tenant.tenantUsers[userId] }));
  }

  /** Fills the "Create your tenant" form (the wizard's emulator defines these attributes). */
  async function fillTenantForm(details: { name: string; seats: string; contractStart: string; jobTitle: string }): Promise<void> {
    await page.fill('section input[name="tenant_name"]', details.name);
    await page.fill('section input[name="tenant.seats"]', details.seats);
    await page.fill('section input[name="tenant.contract_start"]', details.contractStart);
    await page.fill('section input[name="user.job_title"]', details.jobTitle);
  }

  /** Creates the user's tenant from the form and waits for the MFA step. */
  async function createTenant(name: string): Promise<void> {
    await screen('tenantSignUp', 'enteringDetails');
    await fillTenantForm({ name, seats: '3', contractStart: '2026-12-01', jobTitle: 'Engineer' });
    await page.click('section button[name="submit"]');
    await screen('mfaSetup', 'offeringEnrollment');
  }

  async function submitCode(code: string): Promise<void> {
    await page.fill('section input[name="code"]', code);
    await page.click('section button[name="submit"]');
  }

  it('completes the onboarding with the focus on each step’s heading and no axe violation on any screen', async () => {
    const shot = await screenshots(page, 'react-onboarding');
    const address = email('ann');
    const newAddress = email('ann-new');
    await page.goto(wizard.url);
    await arrive('signUp', 'enteringEmail', shot);

    await signUp(address);
    await arrive('signUp', 'awaitingConfirmation', shot);
    await confirmOnHostedPage(page, address, inbox.temporaryPassword(address));

    // "Create your tenant": the name and the attributes the SaaS defined, typed and labelled.
    await arrive('tenantSignUp', 'enteringDetails', shot);
    expect(await page.locator('section h2').textContent()).toBe('2. Create your tenant');
    for (const [name, label, type] of [
      ['tenant_name', 'Tenant name', 'text'],
      ['tenant.seats', 'Number of seats', 'number'],
      ['tenant.contract_start', 'Contract start', 'date'],
      ['user.job_title', 'Your job title', 'text'],
    ] as const) {
      const input = page.getByLabel(label, { exact: true });
      expect(await input.getAttribute('name')).toBe(name);
      expect(await input.getAttribute('type')).toBe(type);
    }
    // A missing value is refused before any request, on its field, which takes the focus.
    const tenantName = `Tenant of ${address}`;
    await fillTenantForm({ name: tenantName, seats: '12', contractStart: '2026-12-01', jobTitle: '' });
    await page.click('section button[name="submit"]');
    expect(await invalidField(page, 'user.job_title')).toContain('Your job title');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'user.job_title');
    expect(await page.locator('section input[name="tenant.seats"]').inputValue()).toBe('12');
    expect(tenantsOf(address)).toEqual([]);
    await expectNoAxeViolations('tenantSignUp:enteringDetails with an error');
    await shot('tenantSignUp-invalid');
    await page.fill('section input[name="user.job_title"]', 'Engineer');
    await page.click('section button[name="submit"]');

    // Exactly one tenant, with the user in it as administrator in env 3.
    await arrive('mfaSetup', 'offeringEnrollment', shot);
    const joined = tenantsOf(address);
    expect(joined).toHaveLength(1);
    expect(joined[0]?.tenant).toMatchObject({ name: tenantName, attributes: { seats: 12, contract_start: '2026-12-01' }, backOfficeStaffEmail: address });
    expect(joined[0]?.member).toMatchObject({ attributes: { job_title: 'Engineer' }, envs: { '3': ['admin'] } });
    await page.click('button[name="add-app"]');
    await arrive('mfaSetup', 'code', shot);
    expect(await page.locator('img[data-otpauth]').getAttribute('alt')).toBe('QR code of your authenticator key');
    await enrollMfa();

    await arrive('emailUpdate', 'enteringEmail', shot);
    await page.getByLabel('New e-mail address').fill(newAddress);
    await page.click('section button[name="submit"]');
    await arrive('emailUpdate', 'enteringCode', shot);

    // A wrong code: the error is announced, the field is invalid and described by it.
    const code = inbox.code(newAddress);
    await submitCode(code === '000000' ? '111111' : '000000');
    const alert = page.locator('section [role="alert"][data-error="code_mismatch"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('That code is not right. 4 attempts left.');
    const input = page.locator('section input[name="code"]');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
    await expectNoAxeViolations('emailUpdate:enteringCode with an error');
    await shot('emailUpdate-wrong-code');

    await submitCode(code);
    await arrive('done', 'done', shot);
    expect(await page.locator('section[data-flow="done"]').textContent()).toContain(`Your address is now ${newAddress}.`);
    expect(await page.locator('section[data-flow="done"]').textContent()).toContain(`Your tenant ${tenantName} is ready, and you are its administrator.`);
    const stored = Object.values(wizard.emulator.control.exportState().users).find((u) => u.email === newAddress);
    expect(stored?.status).toBe('CONFIRMED');
    expect(stored?.mfa).toMatchObject({ enabled: true, method: 'softwareToken' });
  }, 120_000);

  it('retries a failed tenant step from that step: one tenant, one tenant user', async () => {
    const address = email('tia');
    await page.goto(wizard.url);
    await screen('signUp', 'enteringEmail');
    await signUp(address);
    await screen('signUp', 'awaitingConfirmation');
    await confirmOnHostedPage(page, address, inbox.temporaryPassword(address));
    await screen('tenantSignUp', 'enteringDetails');
    wizard.emulator.control.injectFault('createTenantUser', { status: 500, type: 'internal_error' });
    await fillTenantForm({ name: `Tenant of ${address}`, seats: '4', contractStart: '2026-12-24', jobTitle: 'CTO' });
    await page.click('section button[name="submit"]');
    await arrive('tenantSignUp', 'failed');
    expect(await page.locator('section [role="alert"][data-error="internal_error"]').textContent()).toBe('The server had a problem. Please try again later.');
    // The tenant exists already, without the user: the retry must not create a second one.
    expect(Object.values(wizard.emulator.control.exportState().tenants).filter((t) => t.name === `Tenant of ${address}`)).toHaveLength(1);
    await page.click('section button[name="retry"]');
    await screen('mfaSetup', 'offeringEnrollment');
    const joined = tenantsOf(address);
    expect(joined).toHaveLength(1);
    expect(joined[0]?.member).toMatchObject({ attributes: { job_title: 'CTO' }, envs: { '3': ['admin'] } });
    expect(Object.values(wizard.emulator.control.exportState().tenants).filter((t) => t.name === `Tenant of ${address}`)).toHaveLength(1);
  }, 60_000);

  it('disables the buttons while a request is in flight', async () => {
    await page.goto(wizard.url);
    await screen('signUp', 'enteringEmail');
    wizard.emulator.control.injectFault('signUp', { latencyMs: 1500 });
    await signUp(email('busy'));
    await page.waitForSelector('section[data-flow="signUp"][aria-busy="true"]');
    expect(await page.locator('section button[name="submit"]').isDisabled()).toBe(true);
    expect(await page.locator('section [role="status"]').textContent()).toBe('Working…');
    await screen('signUp', 'awaitingConfirmation');
  }, 60_000);

  it('counts the resend wait down live, once a second', async () => {
    await page.goto(wizard.url);
    await screen('signUp', 'enteringEmail');
    await signUp(email('bo'));
    await screen('signUp', 'awaitingConfirmation');
    const countdown = page.locator('[data-countdown="resend"]');
    const first = Number(await countdown.getAttribute('data-seconds'));
    expect(first).toBeGreaterThan(2);
    expect(await countdown.textContent()).toBe(`You can ask for a new one in ${first} s.`);
    expect(await page.locator('button[name="resend"]').isDisabled()).toBe(true);
    // The text changes without any event from the machine: two ticks later it shows less.
    await page.waitForFunction((s) => Number(document.querySelector('[data-countdown="resend"]')?.getAttribute('data-seconds')) <= s - 2, first);
    const later = Number(await countdown.getAttribute('data-seconds'));
    expect(await countdown.textContent()).toBe(`You can ask for a new one in ${later} s.`);
  }, 60_000);

  it('resumes at the same step after a reload, and saves no secret', async () => {
    const address = email('cy');
    await page.goto(wizard.url);
    await screen('signUp', 'enteringEmail');
    await signUp(address);
    await screen('signUp', 'awaitingConfirmation');
    await page.reload();
    await arrive('signUp', 'awaitingConfirmation');
    expect(await page.locator('section').first().textContent()).toContain(address);

    await confirmOnHostedPage(page, address, inbox.temporaryPassword(address));
    // A reload on the tenant step resumes it, the form again.
    await screen('tenantSignUp', 'enteringDetails');
    await page.reload();
    await arrive('tenantSignUp', 'enteringDetails');
    await createTenant(`Tenant of ${address}`);
    expect(tenantsOf(address)).toHaveLength(1);
    await page.click('button[name="add-app"]');
    await screen('mfaSetup', 'code');
    await enrollMfa();
    await screen('emailUpdate', 'enteringEmail');
    const newAddress = email('cy-new');
    await page.getByLabel('New e-mail address').fill(newAddress);
    await page.click('section button[name="submit"]');
    await screen('emailUpdate', 'enteringCode');
    await page.reload();
    await arrive('emailUpdate', 'enteringCode');
    expect(await page.locator('section').first().textContent()).toContain(newAddress);
    const saved = await page.evaluate(() => Object.entries(localStorage).map(([key, value]) => `${key}=${value}`).join('\n'));
    expect(saved).toContain(newAddress);
    expect(saved).not.toMatch(/access_?token|password|secret/i);
    await submitCode(inbox.code(newAddress));
    await screen('done', 'done');
  }, 120_000);

  it('speaks Japanese with lang=ja: the page, the form messages and the server’s errors', async () => {
    const taken = email('dee');
    await page.goto(wizard.url);
    await screen('signUp', 'enteringEmail');
    await signUp(taken);
    await screen('signUp', 'awaitingConfirmation');
    await page.evaluate(() => localStorage.clear());

    await page.goto(`${wizard.url}/?lang=ja`);
    await arrive('signUp', 'enteringEmail');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.locator('section h2').textContent()).toBe('1. アカウントを作成');

    await signUp('not an address');
    const refused = page.locator('section [role="alert"][data-error="invalid_input"]');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/メールアドレスを.*入力してください。/);
    await expectNoAxeViolations('signUp:enteringEmail in Japanese with an error');

    // A server failure (a taken address is not one: the proxy answers it like a new sign-up).
    wizard.emulator.control.injectFault('signUp', { status: 500, type: 'internal_error' });
    await signUp(taken);
    const failed = page.locator('section [role="alert"][data-error="internal_error"]');
    await failed.waitFor();
    expect(await failed.textContent()).toBe('サーバーで問題が発生しました。しばらくしてから、もう一度お試しください。');

    // The switch changes the language in place.
    await page.selectOption('select[name="lang"]', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await failed.textContent()).toBe('The server had a problem. Please try again later.');
  }, 60_000);
});
