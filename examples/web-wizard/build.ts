import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The web wizard's folder (Vite's root: index.html and src/). */
export const wizardRoot = dirname(fileURLToPath(import.meta.url));

/** Builds the front end with Vite into `outDir` (emptied first). */
export async function buildWizard(outDir: string): Promise<void> {
  await build({
    root: wizardRoot,
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: true },
  });
}
