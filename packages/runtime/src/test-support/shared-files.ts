/**
 * Test support (Node only, imported by tests only): `../shared` paths and the pending-or-fail rules of
 * `test/support/shared.ts`, which a package's tests cannot import because it lies outside the package's
 * `rootDir`. Under KENOBI_REQUIRE_MODELS=1 (CI) a missing file or capability fails instead of going pending.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. @example `resolve(repoRoot, 'packages')` */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** `../shared` beside the repository (override with KENOBI_SHARED). @example `sharedDir + '/models'` */
export const sharedDir = resolve(process.env.KENOBI_SHARED ?? resolve(repoRoot, '../shared'));
/** True when CI asked that nothing be skipped. @example `if (modelsRequired) ...` */
export const modelsRequired = process.env.KENOBI_REQUIRE_MODELS === '1';

/**
 * The path of a shared file; the test goes pending (or fails in CI) when it is missing.
 *
 * @example
 * ```ts
 * const p = needShared(this, 'models/mnist-8.onnx');
 * ```
 */
export function needShared(ctx: Mocha.Context, relPath: string): string {
  const p = resolve(sharedDir, relPath);
  needCapability(ctx, existsSync(p), `needs ${p} (set KENOBI_SHARED or put ../shared beside the repository)`);
  return p;
}

/**
 * Marks a test (or, in a `before` hook, a suite) pending when a capability is absent; fails under
 * KENOBI_REQUIRE_MODELS=1.
 *
 * @example
 * ```ts
 * needCapability(this, hasWebGpu, 'no WebGPU adapter (install Mesa 25 lavapipe)');
 * ```
 */
export function needCapability(ctx: Mocha.Context, present: boolean, reason: string): void {
  if (present) return;
  if (modelsRequired) throw new Error(`KENOBI_REQUIRE_MODELS=1 but ${reason}`);
  console.warn(`      PENDING: ${reason}`);
  ctx.skip();
}
