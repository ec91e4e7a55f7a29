/**
 * Test support: the small deterministic store that `scripts/fixtures/features/check_store_numpy.py` reads with
 * Debian's numpy; its findings are committed in `packages/features/fixtures/numpy-store.json`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../dataset/load-dataset.node.js';
import { extractFeatures } from '../pipeline/extract-features.node.js';
import { tinyOptions, writePngCatalog } from './tiny-dataset.js';

/** Writes the store (13 rows × 8, 3 parts, labels and one target) into `out`. */
export async function writeNumpyCheckStore(out: string): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'kenobi-npcheck-'));
  try {
    const ds = await loadDataset(writePngCatalog(data, 13, { seed: 21 }));
    await extractFeatures(ds, tinyOptions(out, { workers: 0, overwrite: true }));
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
