import { ImagingError } from '../imaging-error.js';
import type { Raster } from '../raster/raster.js';

/**
 * Bands by name, e.g. `{ g, r, i }`, each a single-channel Raster of the same size.
 *
 * @example
 * ```ts
 * const bands: NamedBands = { g: gBand, r: rBand, i: iBand };
 * ```
 */
export type NamedBands = Readonly<Record<string, Raster>>;

/**
 * The SDSS colour-composite convention: output channels (R, G, B) take the bands (i, r, g); the reddest
 * band is red. Listed in output-channel order, as every band order in Kenobi is.
 *
 * @example
 * ```ts
 * orderBands({ g, r, i }, SDSS_GRI_TO_RGB); // [i, r, g] → channels R, G, B
 * ```
 */
export const SDSS_GRI_TO_RGB = Object.freeze(['i', 'r', 'g'] as const);

/**
 * The bands for each output channel, in output-channel order: `order[k]` names (or indexes) the band that
 * becomes channel k. With `SDSS_GRI_TO_RGB`, g, r, i become B, G, R. Throws `imaging/channels` when a band is
 * missing, naming what is there.
 *
 * @example
 * ```ts
 * orderBands({ g, r, i }, ['i', 'r', 'g']);   // [i, r, g]
 * orderBands([g, r, i], [2, 1, 0]);           // same, by index
 * orderBands({ g, r, i }, ['r', 'r', 'r']);   // one band replicated to three channels
 * ```
 */
export function orderBands(bands: NamedBands | readonly Raster[], order: readonly (string | number)[]): Raster[] {
  return order.map((key) => {
    const band = Array.isArray(bands) ? (bands as readonly Raster[])[key as number] : (bands as NamedBands)[key];
    if (band === undefined) {
      const have = Array.isArray(bands) ? `indexes 0..${bands.length - 1}` : Object.keys(bands).join(', ');
      throw new ImagingError('imaging/channels', `no band '${key}' (have ${have})`);
    }
    return band;
  });
}
