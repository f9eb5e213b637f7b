import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';

/** A fenced TypeScript block of a Markdown file. */
export interface Snippet {
  /** The Markdown file it comes from, as reported in messages (e.g. `docs/client.md`). */
  doc: string;
  /** 1-based line of the first code line (the line after the opening fence). */
  line: number;
  code: string;
  /** True for ```ts run blocks and blocks containing a `// @run` comment. */
  run: boolean;
  /** True for ```tsx blocks: type-checked as TSX (React JSX), never run. */
  jsx: boolean;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/;
const TS_LANGS = new Set(['ts', 'typescript', 'mts', 'tsx']);

/** The Markdown files whose snippets are checked: README.md and every docs/*.md, relative to `root`. */
export async function documentationFiles(root: string): Promise<string[]> {
  const docs = await readdir(join(root, 'docs')).catch(() => [] as string[]);
  return ['README.md', ...docs.filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];
}

/** Extracts every ```ts / ```typescript / ```tsx block; other languages are left out. */
export function extractSnippets(markdown: string, doc = 'README.md'): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[2] ?? '```';
    // CommonMark: a backtick fence's info string cannot contain a backtick.
    if (fence.startsWith('`') && (open[4] ?? '').includes('`')) continue;
    const lang = (open[3] ?? '').toLowerCase();
    const meta = (open[4] ?? '').trim().split(/\s+/);
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(fence)) end++;
    if (TS_LANGS.has(lang)) {
      const code = lines.slice(i + 1, end).join('\n');
      const jsx = lang === 'tsx';
      snippets.push({ doc, line: i + 2, code, jsx, run: !jsx && (meta.includes('run') || /^\s*\/\/\s*@run\b/m.test(code)) });
    }
    i = end;
  }
  return snippets;
}

const SELF_IMPORT = /(['"])saasus-flows(\/[\w-]+)?\1/g;

/** The package entries a piece of code imports: `'.'` for `saasus-flows`, `'./api'` for `saasus-flows/api`, … */
export function importedEntries(code: string): string[] {
  return [...new Set([...code.matchAll(SELF_IMPORT)].map((m) => `.${m[2] ?? ''}`))];
}

/**
 * Maps the package's own entry points to the sources (`saasus-flows/<entry>` ->
 * `src/<entry>/index.ts`), so snippets read as a user writes them and are checked against the
 * code of this checkout.
 */
export function rewriteSelfImports(code: string, fromDir: string, srcDir: string): string {
  const rel = relative(fromDir, srcDir).split('\\').join('/');
  return code.replace(SELF_IMPORT, (_m, quote: string, sub: string | undefined) => `${quote}${rel}${sub ?? ''}/index.js${quote}`);
}

/** A file name for a snippet that says where it comes from: `docs-client.md-L12.ts`. */
function snippetFileName(snippet: Snippet): string {
  return `${snippet.doc.split(/[\\/]/).join('-')}-L${snippet.line}.${snippet.jsx ? 'tsx' : 'ts'}`;
}

/** Writes the snippets, one module each, into `dir` (emptied first); file -> snippet. */
export async function writeSnippets(snippets: readonly Snippet[], dir: string, srcDir: string): Promise<Map<string, Snippet>> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files = new Map<string, Snippet>();
  for (const snippet of snippets) {
    const file = join(dir, snippetFileName(snippet));
    // `export {}` makes every snippet a module, so top-level await and local names are allowed.
    await writeFile(file, `${rewriteSelfImports(snippet.code, dir, srcDir)}\nexport {};\n`);
    files.set(file, snippet);
  }
  return files;
}

/** Type-checks the files with the repository's compiler options; one `doc:line: TS… message` per error. */
export function typeCheck(files: ReadonlyMap<string, Snippet>, tsconfigPath: string): string[] {
  const config = ts.readConfigFile(tsconfigPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, join(tsconfigPath, '..'));
  const program = ts.createProgram([...files.keys()], { ...parsed.options, noEmit: true, jsx: ts.JsxEmit.ReactJSX });
  const messages: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const snippet = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
    if (diagnostic.file && snippet && diagnostic.start !== undefined) {
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      messages.push(`${snippet.doc}:${snippet.line + line}: TS${diagnostic.code} ${text}`);
    } else if (diagnostic.file) {
      messages.push(`${diagnostic.file.fileName}: TS${diagnostic.code} ${text}`);
    } else {
      messages.push(`TS${diagnostic.code} ${text}`);
    }
  }
  return messages;
}

/** The lines of a Markdown file outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): [number, string][] {
  const out: [number, string][] = [];
  let inFence = false;
  for (const [index, text] of markdown.split('\n').entries()) {
    if (/^\s*(`{3,}|~{3,})/.test(text)) inFence = !inFence;
    else if (!inFence) out.push([index + 1, text]);
  }
  return out;
}

/** The anchors GitHub gives a Markdown file's headings (`## Options (\`x\`)` -> `options-x`). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, text] of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const slug = heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/**
 * Relative links of a Markdown file (`[text](path)`, `[text](path#anchor)`, `[text](#anchor)`)
 * whose file does not exist, or whose anchor names no heading of a Markdown target; web links
 * are not checked. `read` gives a Markdown file's text by its path relative to `root`.
 */
export function brokenLinks(markdown: string, doc: string, root: string, read: (path: string) => string | undefined = () => undefined): string[] {
  const broken: string[] = [];
  for (const [line, text] of proseLines(markdown)) {
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = match[1] ?? '';
      const [target = '', anchor] = link.split('#');
      if (/^[a-z][\w+.-]*:/i.test(target)) continue;
      const path = target === '' ? doc : posix.join(posix.dirname(doc), target);
      if (!existsSync(join(root, path))) {
        broken.push(`${doc}:${line}: ${link}`);
        continue;
      }
      const page = target === '' ? markdown : path.endsWith('.md') ? read(path) : undefined;
      if (anchor !== undefined && page !== undefined && !headingAnchors(page).has(anchor)) broken.push(`${doc}:${line}: ${link} (no such heading)`);
    }
  }
  return broken;
}

