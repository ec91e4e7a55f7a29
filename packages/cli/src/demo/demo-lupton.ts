/**
 * Node-only. The demo's Lupton RGB parameters, chosen from the data: for three float bands the backbone sees
 * `makeLuptonRgb(i, r, g, { stretch, Q: 8, minimum: 0 })`, with `stretch` = 30 × the sky noise of the mean
 * intensity measured on a sample of the cutouts (`luptonStretchFromNoise`).
 */
import type { Dataset } from '@kenobi/features';
import { formatLuptonStretch, luptonStretchFromNoise } from '@kenobi/features';
import { ItemReader } from '@kenobi/features/node';
import type { Raster } from '@kenobi/imaging';

/**
 * The Lupton stretch text for a dataset of three single-band images per item (e.g. g, r, i FITS), measured on
 * up to `sample` items spread over the set; undefined when the items are not three bands (photos stay RGB).
 * Images are taken as sky-subtracted (`minimum` 0), as the simulator writes them.
 *
 * @example
 * ```ts
 * await demoLuptonStretch(dataset); // 'lupton:stretch=330,Q=8,minimum=0' for the simulated cutouts
 * ```
 */
export async function demoLuptonStretch(dataset: Dataset, sample = 48): Promise<string | undefined> {
  if (dataset.bandNames.length !== 3 || dataset.items.length === 0) return undefined;
  const reader = new ItemReader();
  const step = Math.max(1, Math.floor(dataset.items.length / sample));
  const images: Raster[][] = [];
  for (let i = 0; i < dataset.items.length && images.length < sample; i += step) {
    const img = await reader.read(dataset.items[i]!);
    // the mean intensity is the same in any band order
    if (Array.isArray(img) && img.length === 3) images.push(img);
  }
  if (images.length === 0) return undefined;
  return formatLuptonStretch({ stretch: luptonStretchFromNoise(images), Q: 8, minimum: 0 });
}
