/**
 * Node-only. Reads a catalog CSV: an id, a path (or one path column per band), a label and numeric columns
 * that become regression targets (see `catalog-dataset.node.ts`, shared with FITS and Parquet catalogs).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
// NOTE: csv-parse (the `csv` project) handles quoting, embedded newlines, BOMs and CRLF as RFC 4180 says.
import { parse } from 'csv-parse/sync';
import { FeaturesError } from '../features-error.js';
import { catalogDataset } from './catalog-dataset.node.js';
import { csvCatalogTable } from './catalog-table.js';
import type { CatalogTable } from './catalog-table.js';
import type { Dataset } from './dataset.js';

/**
 * Which catalog columns hold what. Unset names take the defaults: the id is a column named like an id (`id`,
 * `objid`, `object_id`, `source_id`, `name`) or else the row index; the path is `path`; the label `label`. A
 * column named explicitly must exist; the default `label` may be absent (then the dataset is unlabelled).
 *
 * @example
 * ```ts
 * const gz1: CatalogColumns = { id: 'objid', path: 'file', label: 'gz1_class_name', targets: [] };
 * const lenses: CatalogColumns = { bands: ['g', 'r', 'i'], targets: ['theta_e', 'mag_src'] }; // columns g,r,i or path_g,path_r,path_i
 * ```
 */
export interface CatalogColumns {
  readonly id?: string;
  /** The image path column (relative paths are relative to the catalog's folder). */
  readonly path?: string;
  /** Per-band path columns, in band order (instead of `path`). */
  readonly bands?: readonly string[];
  readonly label?: string;
  /** Regression-target columns; default 'auto': every other column whose non-empty cells are all numbers. */
  readonly targets?: readonly string[] | 'auto';
  /**
   * Row selection: only rows whose text in each named column is one of the listed values are read (e.g.
   * `{ split: ['train'], morph_binary: ['elliptical', 'spiral'] }`, what `--where split=train` gives).
   */
  readonly where?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Reads a CSV file as a {@link CatalogTable}. Throws `features/bad-catalog` naming the file when it cannot be
 * read or is not valid CSV.
 *
 * @example
 * ```ts
 * (await readCsvCatalogTable('cat.csv')).names; // ['objid', 'file', 'klass']
 * ```
 */
export async function readCsvCatalogTable(path: string): Promise<CatalogTable> {
  const file = resolve(path);
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw new FeaturesError('features/bad-catalog', `cannot read catalog ${file}: ${(e as Error).message}`, { cause: e });
  });
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (e) {
    throw new FeaturesError('features/bad-catalog', `${file} is not valid CSV: ${(e as Error).message}`, { cause: e });
  }
  const header = rows[0];
  if (!header || header.length === 0) throw new FeaturesError('features/bad-catalog', `${file} is empty (no header line)`);
  return csvCatalogTable(file, header, rows.slice(1));
}

/**
 * Loads a catalog CSV.
 *
 * @example
 * ```ts
 * const ds = await loadCatalogCsv('/data/gz1/labels.csv', { id: 'objid', path: 'file', label: 'gz1_class_name' });
 * ds.items[0]; // { row: 2, id: '587722981742215240', source: { kind: 'file', path: '/data/gz1/images/....jpeg' }, label: 'elliptical', targets: [...] }
 * ```
 */
export async function loadCatalogCsv(path: string, columns: CatalogColumns = {}): Promise<Dataset> {
  return catalogDataset(await readCsvCatalogTable(path), columns);
}
