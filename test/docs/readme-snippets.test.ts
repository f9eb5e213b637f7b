import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { extractSnippets, rewriteSelfImports, typeCheck, writeSnippets } from './snippets.js';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output', 'readme-snippets');
const readme = await readFile(join(root, 'README.md'), 'utf8');
const snippets = extractSnippets(readme);

describe('README.md code snippets', () => {
  it('type-check against the sources, each as its own module', async () => {
    const files = await writeSnippets(snippets, join(outDir, 'check'), join(root, 'src'));
    const errors = typeCheck(files, join(root, 'tsconfig.json'), 'README.md');
    expect(errors.join('\n')).toBe('');
  }, 120_000);

  const runnable = snippets.filter((s) => s.run);
  it.each(runnable.map((s) => [s.line, s] as const))('run without throwing: block at README.md:%i', async (_line, snippet) => {
    const files = await writeSnippets([snippet], join(outDir, `run-L${snippet.line}`), join(root, 'src'));
    const [file] = files.keys();
    if (file === undefined) throw new Error('snippet was not written');
    const result = run(process.execPath, ['--import', 'tsx', file], { cwd: root, timeout: 60_000 });
    await expect(result.catch((error: { stderr?: string }) => Promise.reject(new Error(`README.md:${snippet.line}: ${error.stderr ?? String(error)}`)))).resolves.toBeDefined();
  }, 90_000);
});

describe('extractSnippets', () => {
  const md = ['# x', '```ts', 'const a: number = 1;', '```', '```tsx', '<b/>', '```', '```ts run', 'console.log(1);', '```', '```typescript', '// @run', '```', '```sh', 'ls', '```'].join('\n');

  it('finds ts, tsx and typescript blocks with the line of their first code line, runs no tsx, and skips sh', () => {
    expect(extractSnippets(md).map((s) => [s.line, s.run, s.jsx])).toEqual([[3, false, false], [6, false, true], [9, true, false], [12, true, false]]);
  });

  it('reports a type error at its README line', async () => {
    const files = await writeSnippets(extractSnippets('text\n```ts\nconst ok = 1;\nconst n: number = "no";\n```\n'), join(outDir, 'self-test'), join(root, 'src'));
    const errors = typeCheck(files, join(root, 'tsconfig.json'), 'DOC.md');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^DOC\.md:4: TS2322/);
  }, 60_000);
});

describe('rewriteSelfImports', () => {
  it('points the package name and its subpaths at the sources', () => {
    const code = "import { a } from 'saasus-flows';\nimport { b } from \"saasus-flows/emulator\";";
    expect(rewriteSelfImports(code, '/r/test-output/x', '/r/src')).toBe(
      "import { a } from '../../src/index.js';\nimport { b } from \"../../src/emulator/index.js\";",
    );
  });
});
