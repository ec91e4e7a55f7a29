/**
 * Node-only. `loadDataset`: one entry point for every layout, chosen from what the path holds (by content,
 * not only by name): a folder per class, a catalog (CSV, FITS table, Parquet), a FITS cube or an `.npy` stack.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FitsError, readFitsFile } from '@kenobi/fits/node';
import type { HduSelector } from '@kenobi/fits';
import { isKenobiError } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';
import type { CatalogColumns } from './catalog-csv.node.js';
import { loadClassFolders } from './class-folders.node.js';
import type { Dataset } from './dataset.js';
import { loadImageStack, type ImageStackOptions } from './image-stack.node.js';
import { loadCatalog, sniffFile, splitHduSuffix } from './load-catalog.node.js';

/**
 * Options of {@link loadDataset}.
 *
 * @example
 * ```ts
 * const o: LoadDatasetOptions = { columns: { id: 'objid', path: 'file', label: 'gz1_class_name' } };
 * ```
 */
export interface LoadDatasetOptions extends ImageStackOptions {
  /** Catalog column names (catalogs only). */
  readonly columns?: CatalogColumns;
  /** For a FITS file: the HDU (index or EXTNAME) of the catalog table; also written `cat.fits[SOURCES]`. */
  readonly hdu?: HduSelector;
}

/** A FITS file is a catalog when the HDU asked for is a table, or (none asked for) when it has a table and no image. */
async function fitsIsCatalog(file: string, hdu: HduSelector | undefined): Promise<boolean> {
  const fits = await readFitsFile(file);
  const isTable = (k: string): boolean => k === 'bintable' || k === 'table';
  if (hdu !== undefined) {
    try {
      return isTable(fits.hdu(hdu).kind);
    } catch (e) {
      // NOTE: the FITS reader's own error (fits/hdu-not-found), with the file named
      throw isKenobiError(e, 'fits/') ? new FitsError((e as FitsError).code, `${file}: ${(e as Error).message}`, { cause: e }) : e;
    }
  }
  return fits.imageHdus().length === 0 && fits.hdus.some((h) => isTable(h.kind));
}

/**
 * Loads a dataset: a directory is a folder per class; a Parquet file, a CSV or a FITS file whose (first, or
 * selected) data are a table is a catalog; a FITS cube or an `.npy` file is a stack. Nothing is decoded yet; a
 * catalog missing a required column fails here, naming it. `columns.where` (catalogs only) keeps the rows
 * that match.
 *
 * @example
 * ```ts
 * const ds = await loadDataset('/shared/data/labeled/gz1_sdss/labels.csv', { columns: { id: 'objid', path: 'file', label: 'gz1_class_name' } });
 * ds.items.length; // 1221
 * await loadDataset('sources.fits[SOURCES]', { columns: { path: 'CUTOUT' } }); // a FITS binary-table catalog
 * ```
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const ds = await loadAnyDataset(path, options);
  if (ds.kind !== 'catalog' && Object.keys(options.columns?.where ?? {}).length > 0) {
    throw new FeaturesError('features/bad-option', `a row filter (--where) selects rows of a catalog; ${ds.source} is a ${ds.kind.replace('-', ' ')}`, { hint: 'give a catalog (.csv, a FITS table, Parquet), or leave out --where' });
  }
  return ds;
}

async function loadAnyDataset(path: string, options: LoadDatasetOptions): Promise<Dataset> {
  let p = resolve(path);
  let hdu = options.hdu;
  let info = await stat(p).catch(() => undefined);
  if (!info) {
    const split = splitHduSuffix(path);
    if (split.hdu !== undefined) {
      p = resolve(split.path);
      hdu = split.hdu;
      info = await stat(p).catch(() => undefined);
    }
  }
  if (!info) throw new FeaturesError('features/bad-dataset', `dataset ${p} does not exist`);
  if (info.isDirectory()) return loadClassFolders(p);
  const lower = p.toLowerCase();
  const kind = await sniffFile(p);
  const columns = options.columns ? { columns: options.columns } : {};
  if (kind === 'parquet') return loadCatalog(p, columns);
  // NOTE: a file named .npy or .fits that is neither goes to the stack reader, whose typed errors say why.
  if (kind === 'npy' || lower.endsWith('.npy')) return loadImageStack(p, options);
  const fitsName = /\.(fits|fit|fts)(\.(gz|bz2|z))?$/.test(lower);
  if (kind === 'fits' || (kind === 'compressed' && fitsName)) {
    if (await fitsIsCatalog(p, hdu)) return loadCatalog(p, { ...columns, ...(hdu !== undefined ? { hdu } : {}) });
    return loadImageStack(p, options);
  }
  if (fitsName) return loadImageStack(p, options);
  if (kind === 'text' && lower.endsWith('.csv')) return loadCatalog(p, columns);
  throw new FeaturesError('features/bad-dataset', `cannot tell what ${p} is`, { hint: 'give a folder per class, a catalog (.csv, a FITS table, Parquet), a FITS cube or an .npy stack' });
}
