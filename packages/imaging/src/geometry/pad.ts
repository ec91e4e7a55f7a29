import { requireArgument } from '../imaging-error.js';
import type { PixelArray, Raster } from '../raster/raster.js';

/**
 * Places the raster in the centre of a `width` x `height` canvas filled with `value` (offset
 * `floor((width - W) / 2)`); both target sides must be at least the raster's.
 *
 * @example
 * ```ts
 * padTo(digit20x20, 28, 28); // MNIST-style 4-pixel border of zeros
 * ```
 */
export function padTo<T extends PixelArray>(raster: Raster<T>, width: number, height: number, value = 0): Raster<T> {
  requireArgument(width >= raster.width && height >= raster.height, `cannot pad ${raster.width}x${raster.height} to the smaller ${width}x${height}`);
  const c = raster.channels;
  const out = new (raster.data.constructor as new (n: number) => T)(width * height * c);
  if (value !== 0) out.fill(value);
  const left = Math.floor((width - raster.width) / 2);
  const top = Math.floor((height - raster.height) / 2);
  for (let y = 0; y < raster.height; y++) {
    const from = y * raster.width * c;
    out.set(raster.data.subarray(from, from + raster.width * c), ((top + y) * width + left) * c);
  }
  return { width, height, channels: c, data: out };
}
