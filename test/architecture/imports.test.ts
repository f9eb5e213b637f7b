import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require_ = (await import('node:module')).createRequire(import.meta.url);
const { forbidden } = require_(join(root, '.dependency-cruiser.cjs')) as { forbidden: NonNullable<Parameters<typeof cruise>[1]>['ruleSet'] extends infer R ? (R extends { forbidden?: infer F } ? F : never) : never };

/** The rule violations of `src/` under `.dependency-cruiser.cjs`, run from `cwd`. */
async function violations(cwd: string): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const { output } = await cruise(['src'], {
      validate: true,
      ruleSet: { forbidden },
      doNotFollow: { path: 'node_modules' },
      exclude: { path: '(^|/)node_modules/' },
      tsPreCompilationDeps: true,
      moduleSystems: ['es6'],
    });
    const summary = (output as ICruiseResult).summary;
    return summary.violations.map((v: IViolation) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  } finally {
    process.chdir(previous);
  }
}

/** Writes `files` (path -> source) under a new temporary directory. */
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'saasus-flows-imports-'));
  for (const [path, source] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), source);
  }
  return dir;
}

describe('import rules (.dependency-cruiser.cjs)', () => {
  it('hold for src/: layers import downwards only, nothing imports the CLI or the test kit, no cycles', async () => {
    expect(await violations(root)).toEqual([]);
  });

  it('fail on a machine importing a service, a runtime import of the client, a cycle, and a library import of the test kit', async () => {
    const dir = await tree({
      'src/api/client.ts': "export const client = 1;\n",
      'src/api/errors.ts': "export type E = { code: string };\n",
      'src/api/validation.ts': "export const ok = true;\n",
      'src/services/flow.actors.ts': "import { machine } from '../machines/flow.machine.js';\nexport const actors = machine;\n",
      'src/machines/flow.machine.ts':
        "import { actors } from '../services/flow.actors.js';\nimport { client } from '../api/client.js';\nimport type { E } from '../api/errors.js';\nimport { ok } from '../api/validation.js';\nexport const machine = [actors, client, ok] as unknown as E;\n",
      'src/proxy/handler.ts': "import { kit } from '../testing/kit.js';\nexport const handler = kit;\n",
      'src/testing/kit.ts': "export const kit = 1;\n",
    });
    try {
      const found = await violations(dir);
      expect(found).toEqual(
        expect.arrayContaining([
          'machines-stand-alone: src/machines/flow.machine.ts -> src/services/flow.actors.ts',
          'machines-use-api-types-only: src/machines/flow.machine.ts -> src/api/client.ts',
          'proxy-over-api: src/proxy/handler.ts -> src/testing/kit.ts',
          'only-cli-imports-testing: src/proxy/handler.ts -> src/testing/kit.ts',
        ]),
      );
      expect(found.some((v) => v.startsWith('no-circular:'))).toBe(true);
      // A type-only import of api/errors and a runtime import of api/validation are allowed.
      expect(found.filter((v) => v.includes('src/api/errors.ts') || v.includes('src/api/validation.ts'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
