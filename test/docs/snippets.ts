import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A fenced TypeScript block of a Markdown file. */
export interface Snippet {
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

/** Extracts every ```ts / ```typescript / ```tsx block; other languages are left out. */
export function extractSnippets(markdown: string): Snippet[] {
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
      snippets.push({ line: i + 2, code, jsx, run: !jsx && (meta.includes('run') || /^\s*\/\/\s*@run\b/m.test(code)) });
    }
    i = end;
  }
  return snippets;
}

/** Maps the package's own entry points to the sources, so snippets read as a user writes them. */
export function rewriteSelfImports(code: string, fromDir: string, srcDir: string): string {
  const rel = relative(fromDir, srcDir).split('\\').join('/');
  return code.replace(/(['"])saasus-flows(\/[\w-]+)?\1/g, (_m, quote: string, sub: string | undefined) =>
    `${quote}${rel}${sub ?? ''}/index.js${quote}`,
  );
}

/** Writes the snippets as `snippet-L<line>.ts` files into `dir` (emptied first). */
export async function writeSnippets(snippets: readonly Snippet[], dir: string, srcDir: string): Promise<Map<string, Snippet>> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files = new Map<string, Snippet>();
  for (const snippet of snippets) {
    const file = join(dir, `snippet-L${snippet.line}.${snippet.jsx ? 'tsx' : 'ts'}`);
    // `export {}` makes every snippet a module, so top-level await and local names are allowed.
    await writeFile(file, `${rewriteSelfImports(snippet.code, dir, srcDir)}\nexport {};\n`);
    files.set(file, snippet);
  }
  return files;
}

/** Type-checks the files with the repository's compiler options; one message per error. */
export function typeCheck(files: ReadonlyMap<string, Snippet>, tsconfigPath: string, markdownName: string): string[] {
  const config = ts.readConfigFile(tsconfigPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, join(tsconfigPath, '..'));
  const program = ts.createProgram([...files.keys()], { ...parsed.options, noEmit: true, jsx: ts.JsxEmit.ReactJSX });
  const messages: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const snippet = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
    if (diagnostic.file && snippet && diagnostic.start !== undefined) {
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      messages.push(`${markdownName}:${snippet.line + line}: TS${diagnostic.code} ${text}`);
    } else if (diagnostic.file) {
      messages.push(`${diagnostic.file.fileName}: TS${diagnostic.code} ${text}`);
    } else {
      messages.push(`TS${diagnostic.code} ${text}`);
    }
  }
  return messages;
}
