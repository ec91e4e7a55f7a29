/**
 * Test support (Node only, imported by tests only): this package's fixtures, plus the `../shared` helpers of
 * `test/support/shared.ts` (re-exported so imaging's tests import one module).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export { repoRoot, sharedDir, sharedPath, needShared } from '../../../../test/support/shared.js';

const here = dirname(fileURLToPath(import.meta.url));
/** A path inside `packages/imaging/fixtures`. @example `fixturePath('stretches.json')` */
export function fixturePath(name: string): string {
  return resolve(here, '../../fixtures', name);
}

/** A parsed JSON fixture. @example `const f = readFixture<{ blocks: unknown[] }>('stretches.json')` */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
}

