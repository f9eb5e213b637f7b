/**
 * The React wizard: builds the front end with Vite, then serves it with the web wizard's back
 * end (the SaaSus proxy over an in-process emulator, the hosted sign-in page, the cookie
 * session) on http://127.0.0.1:5174 (`PORT` to change). Run with `npm run example:react`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startWizard, type RunningWizard } from '../web-wizard/server.js';
import { buildReactWizard, reactWizardRoot } from './build.js';

/** Builds the front end into `distDir` and serves it on `host:port` (0: any free port). */
export async function startReactWizard(options: { distDir: string; port?: number; host?: string }): Promise<RunningWizard> {
  await buildReactWizard(options.distDir);
  return startWizard(options);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const wizard = await startReactWizard({ distDir: join(reactWizardRoot, 'dist'), port: Number(process.env.PORT ?? 5174) });
  console.log(`React wizard on ${wizard.url} (emulated SaaSus; demo mailbox on the page)`);
}
