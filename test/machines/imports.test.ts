import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const machinesDir = join(root, 'src/machines');

/** The one module of ours outside src/machines a machine may import at run time. */
const VALIDATION = 'src/api/validation.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

interface ImportOf {
  file: string;
  specifier: string;
  typeOnly: boolean;
}

/** Every `import` / `export … from` of `file` (with contents `text`), and whether it brings in types only. */
function importsOf(file: string, text = readFileSync(file, 'utf8')): ImportOf[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: ImportOf[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const allNamedTypes =
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        clause?.name === undefined &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly);
      found.push({ file, specifier: statement.moduleSpecifier.text, typeOnly: clause?.isTypeOnly === true || allNamedTypes });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.exportClause;
      const allNamedTypes = clause !== undefined && ts.isNamedExports(clause) && clause.elements.every((element) => element.isTypeOnly);
      found.push({ file, specifier: statement.moduleSpecifier.text, typeOnly: statement.isTypeOnly || allNamedTypes });
    }
  }
  return found;
}

/** The imports that break the rule for src/machines: ours only from machines/, API types, and api/validation.ts; of packages only xstate. */
function violations(imports: readonly ImportOf[]): string[] {
  return imports
    .filter(({ file, specifier, typeOnly }) => {
      if (!specifier.startsWith('.')) return specifier !== 'xstate';
      const target = relative(root, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts');
      if (target.startsWith('src/machines/')) return false;
      if (target === VALIDATION) return false;
      return !(typeOnly && target.startsWith('src/api/'));
    })
    .map(({ file, specifier }) => `${relative(root, file)} imports ${specifier}`);
}

/** Everything `src/machines` pulls into a browser bundle. */
async function machineInputs(): Promise<string[]> {
  const result = await build({
    entryPoints: [resolve(root, 'src/machines/index.ts')],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    external: ['xstate'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('src/machines', () => {
  it('imports nothing of ours outside src/machines but API types and api/validation.ts, and no package but xstate', () => {
    const files = sourceFiles(machinesDir);
    expect(files.length).toBeGreaterThan(10);
    expect(violations(files.flatMap((file) => importsOf(file)))).toEqual([]);
  });

  it('the rule catches a machine importing a service, or a runtime value from the API', () => {
    const file = join(machinesDir, 'sign-up/sign-up.machine.ts');
    const check = (text: string) => violations(importsOf(file, text));
    expect(check("import type { FlowsApi } from '../../services/ports.js';")).toEqual(['src/machines/sign-up/sign-up.machine.ts imports ../../services/ports.js']);
    expect(check("import { isApiError } from '../../api/errors.js';")).toEqual(['src/machines/sign-up/sign-up.machine.ts imports ../../api/errors.js']);
    expect(check("import { type ApiError, isApiError } from '../../api/errors.js';")).toHaveLength(1);
    expect(check("import { ofetch } from 'ofetch';")).toHaveLength(1);
    expect(check("import type { ApiError } from '../../api/errors.js';")).toEqual([]);
    expect(check("import { type ApiError } from '../../api/errors.js';")).toEqual([]);
    expect(check("import { isWellFormedEmail } from '../../api/validation.js';")).toEqual([]);
  });

  it('bundles without the client, ofetch, qrcode, the emulator, the services or any Node built-in', async () => {
    const inputs = await machineInputs();
    expect(inputs.some((input) => input.startsWith('src/machines/'))).toBe(true);
    const forbidden = inputs.filter((input) =>
      /node_modules\/(ofetch|qrcode|h3|otplib|@noble)\/|^src\/(emulator|services)\/|^src\/api\/(client|signing|config)\.ts$|^node:/.test(input),
    );
    expect(forbidden).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('src/api/'))).toEqual([VALIDATION]);
  });
});
