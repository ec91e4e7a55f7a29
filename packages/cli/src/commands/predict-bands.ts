/**
 * Whether the images given to `kenobi predict` have the bands the model was trained on (`ExportInfo.image.bands`,
 * recorded by `kenobi train --arch` from its catalog's bands).
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
  const same = given.length === trained.length && trained.every((b) => given.includes(b));
  if (!same) {
    throw new UsageError(`kenobi predict: the model was trained on the bands ${list(trained)}; ${dataset.source} gives ${list(given)}. Give a catalog with the same bands`);
  }
  return undefined;
}
