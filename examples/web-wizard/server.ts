/**
 * The web wizard: builds the front end with Vite, then serves it with its back end (the SaaSus
 * proxy over an in-process emulator) on http://127.0.0.1:5173 (`PORT` to change).
 * Run with `npm run example:web`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { H3, toNodeHandler } from 'h3';
import { createEmulator, type Emulator } from 'saasus-flows/emulator';
import { createWizardHandler } from './app.js';
import { buildWizard, wizardRoot } from './build.js';

/** A running web wizard. */
export interface RunningWizard {
  url: string;
  emulator: Emulator;
  close(): Promise<void>;
}

/**
 * The SaaS's definitions the wizard's "Create your tenant" step asks for: a number and a date
 * attribute of the tenant, and a text attribute of the user in it.
 */
export function seedWizardDefinitions(emulator: Emulator): void {
  emulator.control.seedDefinitions({
    tenantAttributes: [
      { attribute_name: 'seats', display_name: 'Number of seats', attribute_type: 'number' },
      { attribute_name: 'contract_start', display_name: 'Contract start', attribute_type: 'date' },
    ],
    userAttributes: [{ attribute_name: 'job_title', display_name: 'Your job title', attribute_type: 'string' }],
  });
}

/**
 * Serves an already built front end (`distDir`) and the back end on `host:port` (0: any free
 * port). A new emulator (none given) gets the wizard's attribute definitions.
 */
export async function startWizard(options: { distDir: string; port?: number; host?: string; emulator?: Emulator }): Promise<RunningWizard> {
  let emulator = options.emulator;
  if (emulator === undefined) {
    emulator = createEmulator();
    seedWizardDefinitions(emulator);
  }
  const handler = createWizardHandler(emulator, options.distDir);
  const app = new H3().all('/**', (event) => handler(event.req));
  const server = createServer(toNodeHandler(app));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    emulator,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.close();
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const distDir = join(wizardRoot, 'dist');
  await buildWizard(distDir);
  const wizard = await startWizard({ distDir, port: Number(process.env.PORT ?? 5173) });
  console.log(`web wizard on ${wizard.url} (emulated SaaSus; demo mailbox on the page)`);
}
