import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Alias } from 'vite';

/** The web wizard's folder (Vite's root: index.html and src/). */
export const wizardRoot = dirname(fileURLToPath(import.meta.url));
const srcDir = resolve(wizardRoot, '../../src');

/**
 * The package's own entries, pointed at its sources so the example builds without `dist/`:
 * `saasus-flows` → src/index.ts, `saasus-flows/<entry>` → src/<entry>/index.ts. An app that
 * installed the package needs none of this.
 */
const packageEntries: Alias[] = [
  { find: /^saasus-flows$/, replacement: join(srcDir, 'index.ts') },
  { find: /^saasus-flows\/([\w-]+)$/, replacement: join(srcDir, '$1', 'index.ts') },
];

/** Builds the front end with Vite into `outDir` (emptied first). */
export async function buildWizard(outDir: string): Promise<void> {
  await build({
    root: wizardRoot,
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: packageEntries },
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: true },
  });
}
