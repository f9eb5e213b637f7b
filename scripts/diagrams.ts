/**
 * `npm run diagrams`: writes a Mermaid state diagram per machine in src/machines to
 * docs/diagrams/<id>.mmd and into docs/flows.md between the diagram markers. Stale `.mmd` files of
 * machines that no longer exist are removed. test/docs/diagrams.test.ts fails when the committed
 * output differs from what this script would write.
 */
import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIAGRAMS_DIR, DIAGRAMS_PAGE, diagramFiles, diagramsBlock, findMachines, replaceBlock } from './diagrams/collect.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const machines = await findMachines(root);
const files = diagramFiles(machines);

await mkdir(join(root, DIAGRAMS_DIR), { recursive: true });
for (const name of await readdir(join(root, DIAGRAMS_DIR))) {
  if (name.endsWith('.mmd') && !files.has(`${DIAGRAMS_DIR}/${name}`)) await rm(join(root, DIAGRAMS_DIR, name));
}
for (const [path, text] of files) await writeFile(join(root, path), text);

const pagePath = join(root, DIAGRAMS_PAGE);
const page = await readFile(pagePath, 'utf8');
await writeFile(pagePath, replaceBlock(page, diagramsBlock(machines)));
console.log(`diagrams: ${machines.map((m) => m.id).join(', ') || 'no machines'} -> ${DIAGRAMS_DIR}/ and ${DIAGRAMS_PAGE}`);
