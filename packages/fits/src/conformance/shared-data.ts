/**
 * Test support: where `../shared` lives (KENOBI_SHARED overrides) and whether CI requires it
 * (KENOBI_REQUIRE_MODELS=1). Kept inside this package so its tests type-check with the package's rootDir.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * A path inside `../shared`.
 *
 * @example
 * ```ts
 * sharedDataPath('data/fits/index.json');
 * ```
 */
export function sharedDataPath(...parts: string[]): string {
  return resolve(process.env.KENOBI_SHARED ?? resolve(repoRoot, '../shared'), ...parts);
}

/** True when CI asked that nothing needing shared data be skipped. */
export const sharedRequired = process.env.KENOBI_REQUIRE_MODELS === '1';
