/**
 * Whether the images given to `kenobi predict` and `kenobi evaluate` have the bands the model was trained on
 * (`ExportInfo.image.bands`, recorded by `kenobi train --arch` from its catalog's bands), and the catalog read
 * again with the model's bands, in the model's order, where it holds them among others or in another order.
 */
import type { Dataset } from '@kenobi/features';
import type { ExportInfo } from '@kenobi/learn';
import { UsageError } from '../usage-error.js';

/**
 * Checks `dataset`'s bands against the model's: other band columns are a `UsageError` naming both; images
 * without band names (a folder, one FITS file) give a warning to print, as their planes become the channels
 * as they are (one plane is repeated on every channel); the same bands, or a model that recorded none, give
 * `undefined`.
 *
 * @example
 * ```ts
 * predictBandsWarning(info, await loadPredictData('sim/g/sim000001.fits', {}));
 * // 'the model was trained on 3 bands (g, r, i); the images of sim/g/sim000001.fits have no band names: ...'
 * ```
 */
export function predictBandsWarning(info: ExportInfo, dataset: Pick<Dataset, 'bandNames' | 'source'>): string | undefined {
  const trained = info.image?.bands;
  if (!trained || trained.length < 2) return undefined;
  const given = dataset.bandNames;
  const list = (b: readonly string[]): string => b.join(', ');
  if (given.length === 0) {
    return `the model was trained on ${trained.length} bands (${list(trained)}); the images of ${dataset.source} have no band names: `
      + `each file's planes are used as its channels (a single plane is repeated on all ${trained.length}). Give a catalog with the bands ${list(trained)} to predict as it was trained.`;
  }
  refuseOtherBands('predict', trained, dataset);
  return undefined;
}

/**
 * A `UsageError` naming both band lists when `dataset`'s bands are not the model's `trained` ones (any order);
 * nothing for a model with fewer than 2 bands or images without band names.
 *
 * @example
 * ```ts
 * refuseOtherBands('evaluate', ['g', 'z'], { bandNames: ['g', 'r', 'i'], source: 'cat.csv' });
 * // throws: kenobi evaluate: the model was trained on the bands g, z; cat.csv gives g, r, i. Give a catalog with the same bands
 * ```
 */
export function refuseOtherBands(command: string, trained: readonly string[], dataset: Pick<Dataset, 'bandNames' | 'source'>): void {
  const given = dataset.bandNames;
  if (trained.length < 2 || given.length === 0) return;
  if (given.length === trained.length && trained.every((b) => given.includes(b))) return;
  throw new UsageError(`kenobi ${command}: the model was trained on the bands ${trained.join(', ')}; ${dataset.source} gives ${given.join(', ')}. Give a catalog with the same bands`);
}

/**
 * `dataset` with the model's bands: when `dataset` is a catalog whose band columns hold every band of
 * `trained` but not exactly in that order (more bands, or the same in another column order), the catalog is
 * read again by `reload` with `trained` as its bands, so channel k is the model's band k (a catalog's
 * `path_<band>` columns are taken in column order); `note` then says so. Anything else comes back as it is
 * (a model without bands, images without band names, a catalog lacking a band: {@link predictBandsWarning}
 * reports those).
 *
 * @example
 * ```ts
 * const { dataset, note } = await withModelBands(['g', 'r'], await loadPredictData('sim/catalog.csv'), (bands) => loadPredictData('sim/catalog.csv', { bands }));
 * note; // "reading the bands g, r of sim/catalog.csv (the model's, in its order; the catalog has g, r, i)"
 * ```
 */
export async function withModelBands<T extends Pick<Dataset, 'bandNames' | 'source'>>(
  trained: readonly string[] | undefined, dataset: T, reload: (bands: readonly string[]) => Promise<T>,
): Promise<{ readonly dataset: T; readonly note?: string }> {
  const given = dataset.bandNames;
  if (!trained || trained.length === 0 || given.length === 0 || given.join('\u0000') === trained.join('\u0000')) return { dataset };
  if (!trained.every((b) => given.includes(b))) return { dataset };
  const again = await reload(trained);
  return { dataset: again, note: `reading the bands ${trained.join(', ')} of ${dataset.source} (the model's, in its order; the catalog has ${given.join(', ')})` };
}
