import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere on a developer's machine. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Why the browser tests are skipped, or `undefined` when they run. They skip only on a
 * developer's machine without Chromium; in CI a missing Chromium fails the tests instead.
 */
export const skipReason: string | undefined =
  existsSync(CHROMIUM_PATH) || inCi
    ? undefined
    : `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
if (skipReason) console.warn(skipReason);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A running Chromium with a fresh profile; `close()` removes the profile. */
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Debian's Chromium through playwright-core with a fresh user-data dir. */
export async function launchChromium(options: { javaScriptEnabled?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}; CI must install it (.ci/run)`);
  const profile = await mkdtemp(join(tmpdir(), 'saasus-flows-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 900, height: 1000 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The repository's root folder. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Saves numbered full-page screenshots of each step to `test-output/e2e/<test>/<nn>-<step>.png`
 * (ignored by git), and prints the browser console when a test needs it.
 */
export async function screenshots(page: Page, test: string): Promise<(step: string) => Promise<void>> {
  const dir = join(repoRoot, 'test-output', 'e2e', test.replace(/[^\w-]+/g, '-'));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  let n = 0;
  return async (step) => {
    n += 1;
    await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
  };
}
