import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { brokenLinks, documentationFiles, headingAnchors, extractSnippets, importedEntries, rewriteSelfImports, typeCheck, writeSnippets, type Snippet } from './snippets.js';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output', 'doc-snippets');
const srcDir = join(root, 'src');
const tsconfig = join(root, 'tsconfig.json');
const README_MAX_LINES = 300;

const docs = new Map<string, string>();
for (const doc of await documentationFiles(root)) docs.set(doc, await readFile(join(root, doc), 'utf8'));
const snippets: Snippet[] = [...docs].flatMap(([doc, text]) => extractSnippets(text, doc));
const packageJson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };

describe('README.md and docs/*.md', () => {
  it('README.md is the short front door: at most 300 lines', () => {
    const lines = (docs.get('README.md') ?? '').replace(/\n$/, '').split('\n').length;
    expect(lines, `README.md has ${lines} lines; move reference material to docs/`).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('README.md keeps the front-door order, with short emulator and testing sections', () => {
    const sections = new Map<string, number>();
    let current: string | undefined;
    for (const line of (docs.get('README.md') ?? '').split('\n')) {
      if (line.startsWith('## ')) sections.set((current = line.slice(3).trim()), 0);
      if (current !== undefined) sections.set(current, (sections.get(current) ?? 0) + (line.trim() === '' ? 0 : 1));
    }
    const order = ['Install', 'Two commands', 'The flows', 'Embedding in a browser', 'Server use', 'Emulator', 'Testing', 'Documentation'];
    const headings = [...sections.keys()];
    const positions = order.map((start) => headings.findIndex((h) => h.startsWith(start)));
    expect(positions, `README.md sections: ${headings.join(' | ')}`).toEqual([...positions].sort((a, b) => a - b));
    expect(positions).not.toContain(-1);
    for (const short of ['Emulator', 'Testing']) expect(sections.get(short), `README.md "${short}" section (non-blank lines)`).toBeLessThanOrEqual(20);
  });

  it('docs/ holds the reference pages the README links to', () => {
    expect([...docs.keys()].filter((doc) => doc.startsWith('docs/')).length).toBeGreaterThanOrEqual(6);
    const readme = docs.get('README.md') ?? '';
    for (const doc of docs.keys()) if (doc !== 'README.md') expect(readme, `README.md does not link ${doc}`).toContain(`](${doc})`);
  });

  it('cite no document that does not ship ("spec §…"): they state the fact itself', () => {
    const citations = [...docs].flatMap(([doc, text]) =>
      text.split('\n').flatMap((line, i) => (/spec\s*§|§\s*\d/i.test(line) ? [`${doc}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(citations.join('\n')).toBe('');
  });

  it('link only to files and headings that exist', () => {
    expect([...docs].flatMap(([doc, text]) => brokenLinks(text, doc, root, (path) => docs.get(path))).join('\n')).toBe('');
  });

  it('import only the entries package.json exports', () => {
    const exported = new Set(Object.keys(packageJson.exports));
    const unknown = snippets.flatMap((s) => importedEntries(s.code).filter((entry) => !exported.has(entry)).map((entry) => `${s.doc}:${s.line}: saasus-flows${entry.slice(1)}`));
    expect(unknown.join('\n')).toBe('');
  });

  it('have their ts/tsx blocks type-check against the sources, each block as its own module', async () => {
    expect(snippets.length).toBeGreaterThan(0);
    const files = await writeSnippets(snippets, join(outDir, 'check'), srcDir);
    expect(typeCheck(files, tsconfig).join('\n')).toBe('');
  }, 180_000);

  const runnable = snippets.filter((s) => s.run);
  it.each(runnable.map((s) => [`${s.doc}:${s.line}`, s] as const))('run without throwing: block at %s', async (where, snippet) => {
    const files = await writeSnippets([snippet], join(outDir, `run-${where.replace(/[^\w.-]+/g, '-')}`), srcDir);
    const [file] = files.keys();
    if (file === undefined) throw new Error('snippet was not written');
    const result = run(process.execPath, ['--import', 'tsx', file], { cwd: root, timeout: 60_000 });
    await expect(result.catch((error: { stderr?: string }) => Promise.reject(new Error(`${where}: ${error.stderr ?? String(error)}`)))).resolves.toBeDefined();
  }, 90_000);
});

describe('extractSnippets', () => {
  const md = ['# x', '```ts', 'const a: number = 1;', '```', '```tsx', '<b/>', '```', '```ts run', 'console.log(1);', '```', '```typescript', '// @run', '```', '```sh', 'ls', '```'].join('\n');

  it('finds ts, tsx and typescript blocks with the line of their first code line, runs no tsx, and skips sh', () => {
    expect(extractSnippets(md, 'docs/x.md').map((s) => [s.doc, s.line, s.run, s.jsx])).toEqual([
      ['docs/x.md', 3, false, false],
      ['docs/x.md', 6, false, true],
      ['docs/x.md', 9, true, false],
      ['docs/x.md', 12, true, false],
    ]);
  });

  it('reports a type error at its line in its Markdown file', async () => {
    const files = await writeSnippets(extractSnippets('text\n```ts\nconst ok = 1;\nconst n: number = "no";\n```\n', 'docs/DOC.md'), join(outDir, 'self-test'), srcDir);
    const errors = typeCheck(files, tsconfig);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^docs\/DOC\.md:4: TS2322/);
  }, 60_000);
});

describe('rewriteSelfImports', () => {
  it('points the package name and its subpaths at the sources', () => {
    const code = "import { a } from 'saasus-flows';\nimport { b } from \"saasus-flows/emulator\";";
    expect(rewriteSelfImports(code, '/r/test-output/x', '/r/src')).toBe(
      "import { a } from '../../src/index.js';\nimport { b } from \"../../src/emulator/index.js\";",
    );
  });

  it('gives headings the anchors GitHub gives them', () => {
    expect([...headingAnchors('# `npm start`: the demo\n```sh\n# not a heading\n```\n## QR codes for MFA (`saasus-flows/mfa`)\n## A\n## A\n')]).toEqual([
      'npm-start-the-demo',
      'qr-codes-for-mfa-saasus-flowsmfa',
      'a',
      'a-1',
    ]);
  });

  it('lists the entries a block imports', () => {
    expect(importedEntries("import { a } from 'saasus-flows';\nimport type { B } from 'saasus-flows/proxy';\nimport 'saasus-flows';")).toEqual(['.', './proxy']);
  });
});

describe('brokenLinks', () => {
  it('reports a relative link to a missing file with its line, and ignores web links and code', () => {
    const md = ['## x', '[ok](README.md) [web](https://example.com) [anchor](#x)', '[gone](docs/nope.md#a)', '```', '[in code](nope.md)', '```'].join('\n');
    expect(brokenLinks(md, 'README.md', root)).toEqual(['README.md:3: docs/nope.md#a']);
  });

  it('resolves links relative to the Markdown file', () => {
    expect(brokenLinks('[up](../README.md) [here](diagrams/signUp.mmd)', 'docs/x.md', root)).toEqual([]);
  });

  it('reports an anchor that names no heading, in the same page or another one', () => {
    const pages = new Map([['docs/client.md', '# A\n## Options (`createEmulator(options)`)\n## Options (`createEmulator(options)`)\n']]);
    const md = '[ok](#b) [ok](client.md#options-createemulatoroptions) [ok](client.md#options-createemulatoroptions-1) [bad](client.md#nope) [bad](#c)\n## B\n';
    expect(brokenLinks(md, 'docs/flows.md', root, (path) => pages.get(path)).map((m) => m.replace(/^.*?: /, ''))).toEqual([
      'client.md#nope (no such heading)',
      '#c (no such heading)',
    ]);
  });
});
