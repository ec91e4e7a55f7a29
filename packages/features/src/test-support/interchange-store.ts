/**
 * Test support: the feature store that the export fixtures are made from, imported from the numpy fixtures of
 * `packages/features/fixtures/interchange/` (X.npy, ids.npy, labels.csv joined by id, targets.npy), so that the
 * fixture script and the tests build exactly the same store.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFeatures } from '../interchange/import-features.node.js';
import type { ImportFeaturesResult } from '../interchange/import-features.node.js';

/** `packages/features/fixtures/interchange`. */
export const interchangeFixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/interchange');

/**
 * Imports the numpy fixtures into a store at `out` (replacing it).
 *
 * @example
 * ```ts
 * await writeInterchangeStore(join(tmp, 'store')); // 7 rows × 5 features, 3 classes, targets z and mass
 * ```
 */
export function writeInterchangeStore(out: string): Promise<ImportFeaturesResult> {
  const f = (name: string): string => join(interchangeFixtures, name);
  return importFeatures({ x: f('X.npy'), ids: f('ids.npy'), labels: f('labels.csv'), labelCol: 'klass', targets: f('targets.npy'), targetCols: ['z', 'mass'], out, overwrite: true });
}
