// Mutation testing of the security-critical code (see docs/contributing.md). `npm run mutate`
// (scripts/mutate.ts) runs Stryker with this config once per group of files, with only that
// group's tests (STRYKER_TESTS) and its reports under reports/mutation/<group>/ (STRYKER_GROUP);
// the script aggregates them and applies the 90 % threshold. Not part of `npm test`.
// `npx stryker run stryker.config.mjs` alone mutates every file against all the suites: correct,
// but hours long, because each module-level mutant then reruns every test.

const group = process.env.STRYKER_GROUP;
const reportDir = group ? `reports/mutation/${group}` : 'reports/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Only the suites that exercise these files; Stryker then runs, for each mutant, only the
  // tests that reached it in the initial run (per-test coverage).
  vitest: { configFile: 'vitest.stryker.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    // The client: request signing and the Authorization header.
    'src/api/signing.ts',
    'src/api/authorization.ts',
    // The client's errors and the redaction of secrets from them.
    'src/api/errors.ts',
    'src/api/answer-errors.ts',
    'src/api/fetch-error.ts',
    // The emulator: signature check, codes, tokens, sign-in, persistence, request validation.
    'src/emulator/signature.ts',
    'src/emulator/codes.ts',
    'src/emulator/tokens.ts',
    'src/emulator/sign-in.ts',
    'src/emulator/persistence.ts',
    'src/emulator/validation.ts',
    // The browser proxy: its routes, handler and request validation.
    'src/proxy/routes.ts',
    'src/proxy/handler.ts',
    'src/proxy/validation.ts',
    // What a flow may store.
    'src/machines/shared/persist-flow.ts',
  ],
  concurrency: 2,
  // Generous: a shared or busy machine must not turn slow test runs into "timed out" (counted as killed).
  timeoutMS: 20_000,
  // The sandbox is a copy of the project; node_modules (a symlink in worktrees) is linked into
  // it, not copied. Build output, reports and other sandboxes stay out.
  ignorePatterns: ['dist', 'reports', 'test-output', 'coverage', '.emulator-data*.json', 'examples/**/dist'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reportDir}/index.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  // A group run does not break on its own: scripts/mutate.ts checks the overall and per-file scores.
  thresholds: { high: 95, low: 90, break: group ? null : 90 },
};
