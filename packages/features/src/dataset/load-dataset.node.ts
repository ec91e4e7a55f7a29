/**
 * Node-only. `loadDataset`: one entry point for the four layouts, chosen from what the path is.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FeaturesError } from '../features-error.js';
import { loadCatalogCsv, type CatalogColumns } from './catalog-csv.node.js';
import { loadClassFolders } from './class-folders.node.js';
import type { Dataset } from './dataset.js';
import { loadImageStack, type ImageStackOptions } from './image-stack.node.js';

/**
 * Options of {@link loadDataset}.
 *
 * @example
 * ```ts
 * const o: LoadDatasetOptions = { columns: { id: 'objid', path: 'file', label: 'gz1_class_name' } };
 * ```
 */
export interface LoadDatasetOptions extends ImageStackOptions {
  /** Catalog column names (catalog CSVs only). */
  readonly columns?: CatalogColumns;
}

/**
 * Loads a dataset: a directory is a folder per class; a `.csv` is a catalog; a `.npy` or FITS file is a
 * stack (cube). Nothing is decoded yet; a catalog missing a required column fails here, naming it.
 *
 * @example
 * ```ts
 * const ds = await loadDataset('/shared/data/labeled/gz1_sdss/labels.csv', { columns: { id: 'objid', path: 'file', label: 'gz1_class_name' } });
 * ds.items.length; // 1221
 * ```
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const p = resolve(path);
  const info = await stat(p).catch((e: unknown) => {
    throw new FeaturesError('features/bad-dataset', `dataset ${p} does not exist`, { cause: e });
  });
  if (info.isDirectory()) return loadClassFolders(p);
  const lower = p.toLowerCase();
  if (lower.endsWith('.csv')) return loadCatalogCsv(p, options.columns);
  if (lower.endsWith('.npy') || /\.(fits|fit|fts)(\.gz)?$/.test(lower)) return loadImageStack(p, options);
  throw new FeaturesError('features/bad-dataset', `cannot tell what ${p} is`, { hint: 'give a folder per class, a catalog .csv, a FITS cube or an .npy stack' });
}
