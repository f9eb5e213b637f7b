import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
const srcDir = resolve(root, '../../src');

/**
 * The React wizard's Vite config. The aliases point the package's own entries at its sources,
 * so the example builds without `dist/`: `saasus-flows` → src/index.ts, `saasus-flows/<entry>`
 * → src/<entry>/index.ts. An app that installed the package needs none of them.
 */
export default defineConfig({
  root,
  logLevel: 'warn',
  resolve: {
    alias: [
      { find: /^saasus-flows$/, replacement: join(srcDir, 'index.ts') },
      { find: /^saasus-flows\/([\w-]+)$/, replacement: join(srcDir, '$1', 'index.ts') },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: { target: 'es2022', sourcemap: true, emptyOutDir: true },
});
