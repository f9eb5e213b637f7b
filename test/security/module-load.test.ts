/**
 * Each security-critical module loads. Imported inside the tests, not at the top: a module whose
 * own top-level code throws (a route table built wrong, a constant set mistyped) then fails a
 * test here instead of failing to load a suite, which the mutation run cannot count as a failure.
 */
import { describe, expect, it } from 'vitest';

const modules: Record<string, () => Promise<Record<string, unknown>>> = {
  'src/api/signing.ts': () => import('../../src/api/signing.js'),
  'src/api/authorization.ts': () => import('../../src/api/authorization.js'),
  'src/api/errors.ts': () => import('../../src/api/errors.js'),
  'src/api/answer-errors.ts': () => import('../../src/api/answer-errors.js'),
  'src/api/fetch-error.ts': () => import('../../src/api/fetch-error.js'),
  'src/emulator/signature.ts': () => import('../../src/emulator/signature.js'),
  'src/emulator/codes.ts': () => import('../../src/emulator/codes.js'),
  'src/emulator/tokens.ts': () => import('../../src/emulator/tokens.js'),
  'src/emulator/sign-in.ts': () => import('../../src/emulator/sign-in.js'),
  'src/emulator/persistence.ts': () => import('../../src/emulator/persistence.js'),
  'src/emulator/validation.ts': () => import('../../src/emulator/validation.js'),
  'src/proxy/routes.ts': () => import('../../src/proxy/routes.js'),
  'src/proxy/handler.ts': () => import('../../src/proxy/handler.js'),
  'src/proxy/validation.ts': () => import('../../src/proxy/validation.js'),
  'src/machines/shared/persist-flow.ts': () => import('../../src/machines/shared/persist-flow.js'),
};

describe('security-critical modules', () => {
  it.each(Object.keys(modules))('%s loads', async (file) => {
    const loaded = await modules[file]?.();
    expect(Object.keys(loaded ?? {}).length).toBeGreaterThan(0);
  });
});
