/**
 * Node-only. Catalogs in any of the formats astronomers keep them in, chosen by content (magic bytes), not by
 * file name: Parquet (`PAR1`), FITS (`SIMPLE  =`, or a gzip / bzip2 / .Z container of it), else CSV.
 */
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { HduSelector } from '@kenobi/fits';
import { FeaturesError } from '../features-error.js';
import { readCsvCatalogTable } from './catalog-csv.node.js';
import type { CatalogColumns } from './catalog-csv.node.js';
import { catalogDataset } from './catalog-dataset.node.js';
import { readFitsCatalogTable } from './catalog-fits.node.js';
import { readParquetCatalogTable } from './catalog-parquet.node.js';
import type { CatalogTable } from './catalog-table.js';
import type { Dataset } from './dataset.js';

/** What a file holds, by its first bytes. @example `FILE_KINDS; // ['parquet', 'fits', 'compressed', 'npy', 'hdf5', 'text']` */
export const FILE_KINDS = Object.freeze(['parquet', 'fits', 'compressed', 'npy', 'hdf5', 'text'] as const);
/** One of {@link FILE_KINDS}. @example `const k: FileKind = 'parquet';` */
export type FileKind = (typeof FILE_KINDS)[number];

/**
 * The kind of a file from its first bytes: `compressed` is gzip, bzip2 or Unix compress (FITS readers open
 * these), `text` anything else.
 *
 * @example
 * ```ts
 * await sniffFile('objects.parquet'); // 'parquet'
 * await sniffFile('catalog.dat');     // 'fits' when it starts with SIMPLE  =
 * ```
 */
export async function sniffFile(path: string): Promise<FileKind> {
  const handle = await open(path, 'r').catch((e: unknown) => {
    throw new FeaturesError('features/bad-dataset', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  });
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    const b = head.subarray(0, bytesRead);
    const text = String.fromCharCode(...b);
    if (text.startsWith('PAR1')) return 'parquet';
    if (text.startsWith('SIMPLE  =')) return 'fits';
    if (b[0] === 0x93 && text.slice(1, 6) === 'NUMPY') return 'npy';
    if (text.startsWith('\x89HDF\r\n\x1a\n')) return 'hdf5';
    if ((b[0] === 0x1f && (b[1] === 0x8b || b[1] === 0x9d)) || text.startsWith('BZh')) return 'compressed';
    return 'text';
  } finally {
    await handle.close();
  }
}

/**
 * Splits CFITSIO's extended file name `cat.fits[SOURCES]` / `cat.fits[2]` into the file and the HDU.
 *
 * @example
 * ```ts
 * splitHduSuffix('cat.fits[SOURCES]'); // { path: 'cat.fits', hdu: 'SOURCES' }
 * splitHduSuffix('cat.fits[2]');       // { path: 'cat.fits', hdu: 2 }
 * ```
 */
export function splitHduSuffix(path: string): { path: string; hdu: HduSelector | undefined } {
  const m = /^(.*)\[([^\]]+)\]$/.exec(path);
  if (!m) return { path, hdu: undefined };
  const sel = m[2]!.trim();
  return { path: m[1]!, hdu: /^\d+$/.test(sel) ? Number(sel) : sel };
}

/** Options of {@link loadCatalog}. */
export interface LoadCatalogOptions {
  readonly columns?: CatalogColumns;
  /** For FITS: the table HDU (index or EXTNAME); default the first table. */
  readonly hdu?: HduSelector;
}

/**
 * Reads a catalog file of any supported format as a {@link CatalogTable}.
 *
 * @example
 * ```ts
 * (await readCatalogTable('sources.fits', { hdu: 'SOURCES' })).names; // ['OBJID', 'RA', 'DEC', 'FILE']
 * ```
 */
export async function readCatalogTable(path: string, options: Pick<LoadCatalogOptions, 'hdu'> = {}): Promise<CatalogTable> {
  const file = resolve(path);
  const kind = await sniffFile(file);
  if (kind === 'parquet') return readParquetCatalogTable(file);
  if (kind === 'fits' || kind === 'compressed') return readFitsCatalogTable(file, options.hdu);
  if (kind === 'text') return readCsvCatalogTable(file);
  throw new FeaturesError('features/bad-catalog', `${file} is ${kind === 'npy' ? 'an .npy array' : 'an HDF5 file'}, not a catalog`, { hint: 'a catalog is CSV, a FITS table or Parquet' });
}

/**
 * Loads a catalog (CSV, FITS binary or ASCII table, Parquet) as a dataset.
 *
 * @example
 * ```ts
 * const ds = await loadCatalog('objects.parquet', { columns: { path: 'cutout' } });
 * ds.idSource; // { column: 'objectId', detected: true }
 * ```
 */
export async function loadCatalog(path: string, options: LoadCatalogOptions = {}): Promise<Dataset> {
  return catalogDataset(await readCatalogTable(path, options), options.columns);
}
