import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `saasus-flows` and `saasus-flows/<entry>` (as the examples import them) resolve to the
  // sources through tsconfig.json's `paths`, so the examples run unbuilt.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
