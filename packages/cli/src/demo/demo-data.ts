/**
 * Node-only. The demo's data: a freshly simulated g, r, i lens / non-lens set (FITS + catalog), or a user's
 * catalog, and the binary labels the demo's metrics need.
 */
import { join } from 'node:path';
import type { ProgressCallback } from '@kenobi/core';
import { loadDataset, type CatalogColumns, type Dataset } from '@kenobi/features/node';
import { writeLensDataset } from '@kenobi/sim/node';

/**
 * Simulates `n` cutouts into `dir/data` (or loads `catalog`) and returns the dataset with the band order
 * that makes an RGB composite (i, r, g → R, G, B for simulated sets).
 *
 * @example
 * ```ts
 * const { dataset } = await demoDataset('demo-output', { n: 1000, seed: 0 }); // dataset.items.length 1000
 * ```
 */
export async function demoDataset(dir: string, options: { n: number; seed: number; catalog?: string; columns?: CatalogColumns; onProgress?: ProgressCallback; say: (l: string) => void }): Promise<{ dataset: Dataset; bandOrder?: string[]; simulated: boolean }> {
  if (options.catalog) {
    const dataset = await loadDataset(options.catalog, { columns: { targets: [], ...options.columns } });
    return { dataset, simulated: false };
  }
  const t0 = Date.now();
  const summary = await writeLensDataset(join(dir, 'data'), options.n, { size: 64, seed: options.seed }, options.onProgress);
  options.say(`demo: simulated ${summary.count} g,r,i cutouts (${summary.lenses} lenses) as FITS in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${summary.catalogPath}`);
  const dataset = await loadDataset(summary.catalogPath, { columns: { bands: ['path_g', 'path_r', 'path_i'], targets: [] } });
  return { dataset, bandOrder: ['path_i', 'path_r', 'path_g'], simulated: true };
}

/**
 * Binary labels (1 = positive class) from dataset label indices; the positive class is 'lens' when present,
 * else the second class name. Throws for anything but two classes.
 *
 * @example
 * ```ts
 * binaryLabels(Int32Array.of(0, 1), ['lens', 'non-lens']); // { y: Int32Array [1, 0], classes: ['non-lens', 'lens'] }
 * ```
 */
export function binaryLabels(labels: Int32Array, classNames: readonly string[]): { y: Int32Array; classes: [string, string] } {
  if (classNames.length !== 2) {
    throw new Error(`the demo needs exactly two classes, the data has ${classNames.length} (${classNames.join(', ')}); pick a binary column with --label-col (e.g. morph_binary for GZ1)`);
  }
  const pos = classNames.includes('lens') ? classNames.indexOf('lens') : 1;
  return { y: Int32Array.from(labels, (l) => (l === pos ? 1 : 0)), classes: [classNames[1 - pos]!, classNames[pos]!] };
}
