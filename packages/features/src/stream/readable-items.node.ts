/**
 * Node-only. A pass that decodes and prepares every item of a dataset once (in the decode workers, with their
 * per-item limits) to find the ones that cannot be read, before a training run that needs every image: what
 * `kenobi train --arch` and `kenobi finetune` do with `--skip-unreadable`.
 */
import type { ProgressCallback } from '@kenobi/core';
import type { Dataset } from '../dataset/dataset.js';
import { FeaturesError } from '../features-error.js';
import type { DecodePool } from '../pipeline/decode-pool.node.js';
import type { ImagePreprocessing } from '../pipeline/image-preprocessing.js';
import type { ItemFailure } from '../pipeline/item-failure.js';

/**
 * What {@link readableItems} found: the dataset with only the items that decoded (in order, rows and class
 * names kept), and one failure per item left out.
 *
 * @example
 * ```ts
 * const r: ReadableItems = { dataset, failures: [{ row: 5, id: 'x', path: 'g/x.fits', code: 'fits/truncated', error: '...' }] };
 * ```
 */
export interface ReadableItems {
  readonly dataset: Dataset;
  readonly failures: readonly ItemFailure[];
}

/**
 * Decodes every item of `dataset` with `preprocessing` on `pool` (jobs of `chunk` items, several in flight so
 * every worker is busy) and returns the dataset without the items that failed, with their failures. The
 * decoded inputs are dropped: this pass only answers "can it be read". `features/bad-dataset` when no item
 * can be read.
 *
 * @example
 * ```ts
 * await using pool = new DecodePool(2);
 * const { dataset: readable, failures } = await readableItems(ds, preprocessing, pool);
 * for (const f of failures) console.error(formatFailure(f));
 * ```
 */
export async function readableItems(dataset: Dataset, preprocessing: ImagePreprocessing, pool: DecodePool, options: { readonly chunk?: number; readonly onProgress?: ProgressCallback } = {}): Promise<ReadableItems> {
  const chunk = Math.max(1, Math.floor(options.chunk ?? 32));
  const items = dataset.items;
  const bad = new Map<number, ItemFailure>();
  const inFlight = Math.max(2, pool.size * 2);
  let next = 0, done = 0, seq = 0;
  const runOne = async (): Promise<void> => {
    while (next < items.length) {
      const start = next;
      next = Math.min(items.length, next + chunk);
      const batch = items.slice(start, next);
      const b = await pool.submit({ seq: seq++, items: batch, bandNames: dataset.bandNames, preprocessing: { ...preprocessing, tta: 'none' } });
      const ok = new Set(b.ok);
      batch.forEach((item, k) => {
        if (ok.has(k)) return;
        // NOTE: failures carry the item's row; match on it so each failed item gets its own reason
        bad.set(start + k, b.failures.find((f) => f.row === item.row) ?? { row: item.row, id: item.id, path: '', error: 'not decoded' });
      });
      done += batch.length;
      options.onProgress?.({ phase: 'checking images', done, total: items.length, unit: 'images' });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, runOne));
  if (bad.size === items.length && items.length > 0) {
    const first = bad.get(0)!;
    throw new FeaturesError('features/bad-dataset', `none of the ${items.length} images of ${dataset.source} can be read (row ${first.row}: ${first.code ? `${first.code}: ` : ''}${first.error})`, {
      hint: 'check the paths (relative to the catalog\'s folder) and the band columns',
    });
  }
  const kept = items.filter((_, i) => !bad.has(i));
  const failures = [...bad.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f);
  // NOTE: the class names stay the catalog's, so label indices mean the same with or without the items left out
  return { dataset: { ...dataset, items: kept }, failures };
}
