import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The React wizard's folder (Vite's root: index.html, src/ and vite.config.ts). */
export const reactWizardRoot = dirname(fileURLToPath(import.meta.url));

/** Builds the front end with Vite (this folder's vite.config.ts) into `outDir` (emptied first). */
export async function buildReactWizard(outDir: string): Promise<void> {
  await build({ configFile: join(reactWizardRoot, 'vite.config.ts'), build: { outDir } });
}
