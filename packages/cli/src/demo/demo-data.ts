/**
 * Node-only. The demo's data: a freshly simulated g, r, i lens / non-lens set (FITS + catalog), or a user's
 * catalog, and the binary labels the demo's metrics need.
 */
import { join } from 'node:path';
import { KenobiError, type ProgressCallback } from '@kenobi/core';
import { subsetDataset } from '@kenobi/features';
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
export async function demoDataset(dir: string, options: { n: number; seed: number; catalog?: string; columns?: CatalogColumns; classes?: readonly string[]; onProgress?: ProgressCallback; say: (l: string) => void }): Promise<{ dataset: Dataset; bandOrder?: string[]; simulated: boolean }> {
  if (options.catalog) {
    const all = await loadDataset(options.catalog, { columns: { targets: [], ...options.columns } });
    return { dataset: twoClasses(all, options.classes, options.say), simulated: false };
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
    throw new KenobiError('cli/demo-classes', `the demo needs exactly two classes, the data has ${classNames.length} (${classNames.join(', ')})`, { hint: 'pick two with --classes a,b' });
  }
  const pos = classNames.includes('lens') ? classNames.indexOf('lens') : 1;
  return { y: Int32Array.from(labels, (l) => (l === pos ? 1 : 0)), classes: [classNames[1 - pos]!, classNames[pos]!] };
}

/**
 * Keeps the rows of two classes (`classes`, positive class second) so that a catalog with more labels can run
 * the binary demo; checked before any features are extracted.
 *
 * @example
 * ```ts
 * twoClasses(gz1, ['elliptical', 'spiral'], console.log); // drops the 'other' rows, says how many
 * ```
 */
export function twoClasses(dataset: Dataset, classes: readonly string[] | undefined, say: (l: string) => void): Dataset {
  if (classes === undefined) {
    if (dataset.classNames.length === 2) return dataset;
    throw new KenobiError('cli/demo-classes', `the demo trains a binary head, but ${dataset.source} has ${dataset.classNames.length} classes (${dataset.classNames.join(', ')})`, {
      hint: 'pick two with --classes a,b (the second is the positive class), or a binary column with --label-col',
    });
  }
  if (classes.length !== 2) throw new KenobiError('cli/demo-classes', `--classes takes two class names, got ${classes.length}`);
  const unknown = classes.filter((c) => !dataset.classNames.includes(c));
  if (unknown.length > 0) throw new KenobiError('cli/demo-classes', `no class ${unknown.map((c) => `'${c}'`).join(', ')} in ${dataset.source} (its classes: ${dataset.classNames.join(', ')})`);
  const keep = dataset.items.flatMap((it, i) => (it.label !== undefined && classes.includes(it.label) ? [i] : []));
  if (keep.length < dataset.items.length) say(`demo: keeping the ${keep.length} rows labelled ${classes.join(' or ')}; ${dataset.items.length - keep.length} rows of other classes left out`);
  return { ...subsetDataset(dataset, keep), classNames: [...classes] };
}
