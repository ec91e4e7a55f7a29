/**
 * What `kenobi predict --data` accepts: a dataset `loadDataset` knows (folder per class, catalog CSV, FITS
 * cube, .npy stack) or one image file (PNG/JPEG/2-D FITS/.npy image).
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { isKenobiError } from '@kenobi/core';
import { loadDataset, type CatalogColumns, type Dataset } from '@kenobi/features/node';

/**
 * Loads `path` as a dataset (a catalog's columns named by `columns`, `--id-col` and `--path-col`), or as a
 * one-item dataset when it is a single image.
 *
 * @example
 * ```ts
 * (await loadPredictData('cutout.fits')).items; // [{ row: 1, id: 'cutout', source: { kind: 'file', path } }]
 * await loadPredictData('survey.csv', { id: 'objid', path: 'file' });
 * ```
 */
export async function loadPredictData(path: string, columns: CatalogColumns = {}): Promise<Dataset> {
  try {
    return await loadDataset(path, { columns });
  } catch (e) {
    const p = resolve(path);
    const isFile = (() => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    })();
    if (!isFile || !isKenobiError(e, 'features/bad-dataset')) throw e;
    const id = basename(p).replace(/\.(fits|fit|fts)(\.gz)?$|\.[a-z0-9]+$/i, '');
    return { kind: 'catalog', source: p, items: [{ row: 1, id, source: { kind: 'file', path: p } }], classNames: [], targetNames: [], bandNames: [] };
  }
}
