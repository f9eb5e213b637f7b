/**
 * `npm run mutate`: mutation testing of the security-critical files, one Stryker run per group
 * of files, each with only the test files that exercise that group (see docs/contributing.md,
 * "Mutation testing"). Running a group with its own tests keeps the module-level ("static")
 * mutants cheap: they rerun every test of the run, and a group's tests take seconds, not the
 * minutes of all five suites together.
 *
 *   npm run mutate                                  every group, one after the other
 *   npm run mutate -- --group proxy,persist-flow    some groups
 *   npm run mutate -- --mutate src/proxy/routes.ts  only that file, with its group's tests
 *   npm run mutate -- --concurrency 1               fewer Stryker workers (default: the config's 2)
 *   npm run mutate -- --report                      only print the table of the last reports
 *   npm run mutate -- --list                        the groups, their files and tests
 *
 * Each group writes reports/mutation/<group>/mutation.json and index.html; the table of all of
 * them goes to stdout and reports/mutation/summary.json. Exits 1 when the overall score or any
 * file's score is below 90 %, or when a Stryker run fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MutationGroup {
  readonly name: string;
  /** What the group covers, for the table and the docs. */
  readonly title: string;
  readonly mutate: readonly string[];
  /** Test files or globs (vitest include patterns), passed to vitest.stryker.config.ts as STRYKER_TESTS. */
  readonly tests: readonly string[];
}

/** In every group: loads each module inside a test, so a mutant that breaks a module's top-level code fails a test (a suite that cannot load counts as no failure). */
const MODULE_LOAD = 'test/security/module-load.test.ts';

/** The break threshold: overall and per file, in percent. */
export const THRESHOLD = 90;

export const GROUPS: readonly MutationGroup[] = [
  {
    name: 'client-signing',
    title: 'Client signing and authorization',
    mutate: ['src/api/signing.ts', 'src/api/authorization.ts'],
    tests: [
      'test/api/signing-vectors.test.ts',
      'test/security/signing-units.test.ts',
      'test/security/signature-verdicts.test.ts',
      'test/security/signature-query.test.ts',
      'test/api/client-options.test.ts',
      'test/api/client-operations.test.ts',
    ],
  },
  {
    name: 'client-errors',
    title: 'Client errors and their redaction',
    mutate: ['src/api/errors.ts', 'src/api/answer-errors.ts', 'src/api/fetch-error.ts'],
    tests: [
      'test/api/client-errors.test.ts',
      'test/api/client-boundaries.test.ts',
      'test/api/client-retry.test.ts',
      'test/api/client-options.test.ts',
      'test/api/client-emulator.test.ts',
      'test/security/client-error-redaction.test.ts',
      'test/security/client-redaction-units.test.ts',
      'test/security/retry-at.test.ts',
    ],
  },
  {
    name: 'emulator-signature',
    title: "The emulator's signature check",
    mutate: ['src/emulator/signature.ts'],
    tests: [
      'test/emulator/signature.test.ts',
      'test/security/signature-query.test.ts',
      'test/security/signature-verdicts.test.ts',
    ],
  },
  {
    name: 'emulator-auth',
    title: 'Emulator codes, tokens and sign-in',
    mutate: ['src/emulator/codes.ts', 'src/emulator/tokens.ts', 'src/emulator/sign-in.ts'],
    tests: [
      'test/emulator/limits.test.ts',
      'test/emulator/sign-in-lockout.test.ts',
      'test/emulator/sign-in-page.test.ts',
      'test/emulator/operations-*.test.ts',
      'test/emulator/sdk-auth-helpers.test.ts',
      'test/emulator/control.test.ts',
      'test/emulator/tenants-invitations.test.ts',
      'test/security/emulator-auth-errors.test.ts',
    ],
  },
  {
    name: 'emulator-persistence',
    title: 'Emulator persistence',
    mutate: ['src/emulator/persistence.ts'],
    tests: [
      'test/security/persistence-units.test.ts',
      'test/security/state-write-failure.test.ts',
      'test/emulator/hardening.test.ts',
      'test/emulator/persistence-cli.test.ts',
    ],
  },
  {
    name: 'emulator-validation',
    title: 'Emulator request validation',
    mutate: ['src/emulator/validation.ts'],
    tests: ['test/emulator/bad-input.test.ts', 'test/emulator/operations-sign-up.test.ts'],
  },
  {
    name: 'proxy',
    title: 'Browser proxy: routes, handler, validation',
    mutate: ['src/proxy/routes.ts', 'src/proxy/handler.ts', 'src/proxy/validation.ts'],
    tests: ['test/proxy/*.test.ts', 'test/security/proxy-*.test.ts'],
  },
  {
    name: 'persist-flow',
    title: 'What a flow may store (persistFlow)',
    mutate: ['src/machines/shared/persist-flow.ts'],
    tests: ['test/machines/persist-flow.test.ts', 'test/security/persist-flow-units.test.ts'],
  },
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reportRoot = join(root, 'reports', 'mutation');

interface Options {
  groups: string[];
  files: string[];
  concurrency?: string;
  reportOnly: boolean;
  list: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { groups: [], files: [], reportOnly: false, list: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new TypeError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--group' || flag === '-g') options.groups.push(...value().split(',').filter(Boolean));
    else if (flag === '--mutate' || flag === '-m') options.files.push(...value().split(',').filter(Boolean));
    else if (flag === '--concurrency' || flag === '-c') options.concurrency = value();
    else if (flag === '--report') options.reportOnly = true;
    else if (flag === '--list') options.list = true;
    else throw new TypeError(`unknown option ${arg} (see scripts/mutate.ts)`);
  }
  return options;
}

/** The groups to run and, for each, the files to mutate (all of the group's unless --mutate narrows). */
function selectGroups(options: Options): { group: MutationGroup; mutate: readonly string[] }[] {
  for (const name of options.groups) {
    if (!GROUPS.some((group) => group.name === name)) throw new TypeError(`no group ${name}: ${GROUPS.map((g) => g.name).join(', ')}`);
  }
  const wanted = options.files.map((file) => file.replace(/^\.\//, ''));
  for (const file of wanted) {
    const path = file.replace(/:[\d:-]+$/, ''); // Stryker's file:line ranges
    if (!GROUPS.some((group) => group.mutate.includes(path))) throw new TypeError(`${path} is in no group (see --list)`);
  }
  // In the order asked for (the config's order by default).
  const groups = options.groups.length === 0 ? GROUPS : options.groups.flatMap((name) => GROUPS.filter((group) => group.name === name));
  return groups
    .map((group) => ({
      group,
      mutate: wanted.length === 0 ? group.mutate : wanted.filter((file) => group.mutate.includes(file.replace(/:[\d:-]+$/, ''))),
    }))
    .filter(({ mutate }) => mutate.length > 0);
}

function runStryker(group: MutationGroup, mutate: readonly string[], concurrency: string | undefined): Promise<number> {
  const args = [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', 'stryker.config.mjs', '--mutate', mutate.join(',')];
  if (concurrency) args.push('--concurrency', concurrency);
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, STRYKER_GROUP: group.name, STRYKER_TESTS: [...group.tests, MODULE_LOAD].join(',') },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

interface Counts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  errors: number;
}

const emptyCounts = (): Counts => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 });

/** Stryker's mutation score: detected (killed + timed out) over valid mutants (detected + survived + no coverage). */
export function score(counts: Counts): number | undefined {
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage;
  return valid === 0 ? undefined : (100 * detected) / valid;
}

interface MutationReport {
  files: Record<string, { mutants: { status: string }[] }>;
}

function countReport(report: MutationReport, only: readonly string[] | undefined): Map<string, Counts> {
  const perFile = new Map<string, Counts>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const path = file.startsWith(root) ? file.slice(root.length + 1) : file;
    if (only && !only.includes(path)) continue;
    const counts = emptyCounts();
    for (const { status } of mutants) {
      if (status === 'Killed') counts.killed += 1;
      else if (status === 'Timeout') counts.timeout += 1;
      else if (status === 'Survived') counts.survived += 1;
      else if (status === 'NoCoverage') counts.noCoverage += 1;
      else if (status === 'Ignored') counts.ignored += 1;
      else counts.errors += 1; // CompileError, RuntimeError: not counted in the score
    }
    perFile.set(path, counts);
  }
  return perFile;
}

const pct = (value: number | undefined): string => (value === undefined ? 'n/a' : `${value.toFixed(2)}`);
const duration = (ms: number | undefined): string => {
  if (ms === undefined) return '';
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
};

interface GroupResult {
  group: string;
  elapsedMs?: number;
  exitCode?: number;
  files: Record<string, Counts & { score: number | undefined }>;
}

function printTable(results: readonly GroupResult[]): { overall: number | undefined; below: string[] } {
  const header = ['group', 'file', 'killed', 'timeout', 'survived', 'no cov', 'ignored', 'score %', 'time'];
  const rows: string[][] = [];
  const total = emptyCounts();
  const below: string[] = [];
  for (const result of results) {
    const entries = Object.entries(result.files);
    entries.forEach(([file, counts], index) => {
      for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += counts[key];
      if (counts.score !== undefined && counts.score < THRESHOLD) below.push(file);
      rows.push([
        index === 0 ? result.group : '',
        file,
        String(counts.killed),
        String(counts.timeout),
        String(counts.survived),
        String(counts.noCoverage),
        String(counts.ignored),
        pct(counts.score),
        index === 0 ? duration(result.elapsedMs) : '',
      ]);
    });
    if (entries.length === 0) rows.push([result.group, '(no report)', '', '', '', '', '', '', duration(result.elapsedMs)]);
  }
  const overall = score(total);
  const elapsed = results.reduce<number | undefined>(
    (sum, result) => (result.elapsedMs === undefined ? sum : (sum ?? 0) + result.elapsedMs),
    undefined,
  );
  rows.push([
    'all',
    '',
    String(total.killed),
    String(total.timeout),
    String(total.survived),
    String(total.noCoverage),
    String(total.ignored),
    pct(overall),
    duration(elapsed),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}`);
  for (const row of rows) console.log(line(row));
  return { overall, below };
}

function readGroupReport(name: string, only?: readonly string[]): GroupResult['files'] | undefined {
  const file = join(reportRoot, name, 'mutation.json');
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8')) as MutationReport;
  return Object.fromEntries([...countReport(report, only)].map(([path, counts]) => [path, { ...counts, score: score(counts) }]));
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const selected = selectGroups(options);
  if (options.list) {
    for (const { group, mutate } of selected) console.log(`${group.name}: ${group.title}\n  mutate: ${mutate.join(' ')}\n  tests:  ${[...group.tests, MODULE_LOAD].join(' ')}`);
    return 0;
  }
  const results: GroupResult[] = [];
  let failedRuns = 0;
  if (options.reportOnly) {
    const previous = existsSync(join(reportRoot, 'summary.json'))
      ? (JSON.parse(readFileSync(join(reportRoot, 'summary.json'), 'utf8')) as { groups: GroupResult[] }).groups
      : [];
    for (const { group } of selected) {
      const files = readGroupReport(group.name);
      const timing = join(reportRoot, group.name, 'timing.json');
      const elapsedMs = existsSync(timing)
        ? (JSON.parse(readFileSync(timing, 'utf8')) as { elapsedMs?: number }).elapsedMs
        : previous.find((result) => result.group === group.name)?.elapsedMs;
      if (!files) failedRuns += 1;
      results.push({ group: group.name, files: files ?? {}, ...(elapsedMs === undefined ? {} : { elapsedMs }) });
    }
  } else {
    for (const { group, mutate } of selected) {
      console.log(`\n=== ${group.name} (${group.title}): ${mutate.join(', ')}\n    tests: ${[...group.tests, MODULE_LOAD].join(', ')}`);
      rmSync(join(reportRoot, group.name, 'mutation.json'), { force: true });
      const started = performance.now();
      const exitCode = await runStryker(group, mutate, options.concurrency);
      const elapsedMs = performance.now() - started;
      const files = readGroupReport(group.name, mutate.map((file) => file.replace(/:[\d:-]+$/, '')));
      if (exitCode !== 0 || !files) failedRuns += 1;
      if (files) writeFileSync(join(reportRoot, group.name, 'timing.json'), `${JSON.stringify({ elapsedMs, finishedAt: new Date().toISOString() })}\n`);
      results.push({ group: group.name, elapsedMs, exitCode, files: files ?? {} });
      console.log(`=== ${group.name}: ${duration(elapsedMs)}${exitCode === 0 ? '' : ` (stryker exited ${exitCode})`}`);
    }
  }
  const { overall, below } = printTable(results);
  if (!options.reportOnly) {
    mkdirSync(reportRoot, { recursive: true });
    writeFileSync(join(reportRoot, 'summary.json'), `${JSON.stringify({ overall, threshold: THRESHOLD, groups: results }, null, 2)}\n`);
  }
  const problems: string[] = [];
  if (failedRuns > 0) problems.push(`${failedRuns} group(s) failed to run or have no report`);
  if (overall === undefined) problems.push('no mutants were tested');
  else if (overall < THRESHOLD) problems.push(`overall score ${pct(overall)} % is below ${THRESHOLD} %`);
  if (below.length > 0) problems.push(`below ${THRESHOLD} %: ${below.join(', ')}`);
  console.log(problems.length === 0 ? `\nMutation score ${pct(overall)} %: at or above ${THRESHOLD} % overall and per file.` : `\nFAILED: ${problems.join('; ')}`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
