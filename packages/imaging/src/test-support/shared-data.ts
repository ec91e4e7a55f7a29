/**
 * Test support (Node only, imported by tests only): where `../shared` and this package's fixtures are, and
 * a `needShared` that makes a test pending (or failing under KENOBI_REQUIRE_MODELS=1) when a shared file is
 * missing. NOTE: mirrors `test/support/shared.ts`, which a package's tests cannot import because it lies
 * outside the package's `rootDir`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. @example `resolve(repoRoot, 'packages')` */
export const repoRoot = resolve(here, '../../../..');
/** `../shared` beside the repository (override with KENOBI_SHARED). @example `sharedDir + '/data'` */
export const sharedDir = resolve(process.env.KENOBI_SHARED ?? resolve(repoRoot, '../shared'));

/** A path inside `../shared`. @example `sharedPath('data/photos/chelsea.png')` */
export function sharedPath(...parts: string[]): string {
  return resolve(sharedDir, ...parts);
}

/** A path inside `packages/imaging/fixtures`. @example `fixturePath('stretches.json')` */
export function fixturePath(name: string): string {
  return resolve(here, '../../fixtures', name);
}

/** A parsed JSON fixture. @example `const f = readFixture<{ blocks: unknown[] }>('stretches.json')` */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
}

/** Pending (or failing under KENOBI_REQUIRE_MODELS=1) when a shared file is missing. @example `needShared(this, 'data/raster')` */
export function needShared(ctx: Mocha.Context, ...relPaths: string[]): string {
  const paths = relPaths.map((p) => sharedPath(p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    const reason = `needs ${missing.join(', ')} (set KENOBI_SHARED or put ../shared beside the repository)`;
    if (process.env.KENOBI_REQUIRE_MODELS === '1') throw new Error(`KENOBI_REQUIRE_MODELS=1 but this test ${reason}`);
    console.warn(`      PENDING: ${reason}`);
    ctx.skip();
  }
  return paths[0]!;
}
