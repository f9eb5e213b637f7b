import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations } from '../../src/api/operations.js';

/**
 * docs/client.md lists the client's operations for readers; the operations table in
 * src/api/operations.ts is the fact. Every row of the table must appear in the docs with its
 * method, path and success status, and the docs must list no operation the table lacks.
 */
const doc = readFileSync(new URL('../../docs/client.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\| `(\w+)\([^`]*\)` \| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \| (\d{3})\b/gm)].map((m) => [m[1] ?? '', { method: m[2], path: m[3], status: Number(m[4]) }]),
);

describe('docs/client.md and the operations table', () => {
  it.each(Object.entries(operations))('%s is documented with its method, path and success status', (name, row) => {
    expect(documented.get(name)).toEqual({ method: row.method, path: row.path, status: row.successStatus });
  });

  it('documents no operation the table lacks', () => {
    expect([...documented.keys()].filter((name) => !(name in operations))).toEqual([]);
  });
});
