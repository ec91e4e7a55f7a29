/**
 * Test support (tests only): where `../shared` lives, and a pending-or-fail guard like `test/support/shared.ts`
 * (which this package's tsconfig cannot import: it lies outside `src`).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** `../shared` beside the repository (override with KENOBI_SHARED). */
export const sharedDir = resolve(process.env.KENOBI_SHARED ?? resolve(repoRoot, '../shared'));

/**
 * A path inside `../shared`.
 *
 * @example
 * ```ts
 * sharedPath('models', 'mnist-8.onnx');
 * ```
 */
export function sharedPath(...parts: string[]): string {
  return resolve(sharedDir, ...parts);
}

/**
 * Pending (or failing under KENOBI_REQUIRE_MODELS=1) when a shared file is missing; returns the first path.
 *
 * @example
 * ```ts
 * const manifest = needShared(this, 'models/onnx-zoo-manifest.json');
 * ```
 */
export function needShared(ctx: Mocha.Context, ...relPaths: string[]): string {
  const paths = relPaths.map((p) => sharedPath(p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    const reason = `needs ${missing.join(', ')} (set KENOBI_SHARED or put ../shared beside the repository)`;
    if (process.env.KENOBI_REQUIRE_MODELS === '1') throw new Error(`KENOBI_REQUIRE_MODELS=1 but this test ${reason}`);
    ctx.skip();
  }
  return paths[0]!;
}
