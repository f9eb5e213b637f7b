import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DIAGRAMS_DIR,
  DIAGRAMS_PAGE,
  END_MARKER,
  START_MARKER,
  diagramFiles,
  findMachines,
  diagramsBlock,
  replaceBlock,
} from '../../scripts/diagrams/collect.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STALE = 'diagrams are stale: run npm run diagrams and commit the result';

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

describe('committed state diagrams', () => {
  it('match the diagram generated from each machine in src/machines', async () => {
    const machines = await findMachines(root);
    for (const [path, expected] of diagramFiles(machines)) {
      expect(await readOrEmpty(join(root, path)), `${path}: ${STALE}`).toBe(expected);
    }
  });

  it('include no diagram of a machine that no longer exists', async () => {
    const expected = [...diagramFiles(await findMachines(root)).keys()].sort();
    const names = await readdir(join(root, DIAGRAMS_DIR)).catch(() => [] as string[]);
    const committed = names.filter((n) => n.endsWith('.mmd')).map((n) => `${DIAGRAMS_DIR}/${n}`);
    expect(committed.sort(), STALE).toEqual(expected);
  });

  it(`appear in ${DIAGRAMS_PAGE} between the diagram markers`, async () => {
    const page = await readFile(join(root, DIAGRAMS_PAGE), 'utf8');
    expect(page, `${DIAGRAMS_PAGE} lacks ${START_MARKER}/${END_MARKER}`).toContain(START_MARKER);
    expect(page, `${DIAGRAMS_PAGE}: ${STALE}`).toBe(replaceBlock(page, diagramsBlock(await findMachines(root))));
  });
});

describe('replaceBlock', () => {
  it('replaces only the text between the markers', () => {
    const readme = `# t\n${START_MARKER}\nold\n${END_MARKER}\ntail\n`;
    expect(replaceBlock(readme, '\nnew\n')).toBe(`# t\n${START_MARKER}\nnew\n${END_MARKER}\ntail\n`);
  });

  it('throws when a marker is missing', () => {
    expect(() => replaceBlock('# no markers', 'x')).toThrow(/markers/);
  });
});
