import { defineConfig } from 'vitest/config';

/**
 * The vitest run Stryker uses (`npm run mutate`, see stryker.config.mjs): only the suites that
 * exercise the mutated files. Stryker runs them in its own worker threads, one test file set per
 * mutant (per-test coverage), so the slow suites that start child processes, browsers or
 * runtimes are left out: they cannot see the mutant under test anyway.
 */
const ALL_SUITES = [
  'test/api/**/*.test.ts',
  'test/proxy/**/*.test.ts',
  'test/emulator/**/*.test.ts',
  'test/security/**/*.test.ts',
  'test/machines/persist-flow*.test.ts',
];

/**
 * `STRYKER_TESTS=test/proxy,test/security/proxy-*.test.ts` narrows the suites (directories or
 * globs) for a quick run on a few files, with `npm run mutate -- --mutate src/proxy/handler.ts`;
 * the default is all of them.
 */
const only = process.env['STRYKER_TESTS']
  ?.split(',')
  .filter(Boolean)
  .map((entry) => (entry.includes('*') || entry.endsWith('.ts') ? entry : `${entry.replace(/\/$/, '')}/**/*.test.ts`));

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: only?.length ? only : ALL_SUITES,
    exclude: [
      '**/node_modules/**',
      // Starts the CLI in a child process: the child runs the unmutated code.
      'test/emulator/restart.test.ts',
    ],
    // Well under Stryker's own timeout (timeoutMS in stryker.config.mjs): a mutant that leaves a
    // promise pending (a save that never resolves) fails its test here, instead of timing out in
    // Stryker, which then has to restart the worker. Every test of these suites takes well under
    // a second on an idle machine.
    testTimeout: 10_000,
    hookTimeout: 20_000,
  },
});
