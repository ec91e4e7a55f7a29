import { requireArgument } from '../imaging-error.js';
import type { PixelArray, Raster } from '../raster/raster.js';
import { roundHalfEven } from './round-half-even.js';

/**
 * Cuts a `width` x `height` window at (`left`, `top`), which must lie inside the raster.
 *
 * @example
 * ```ts
 * crop(img, 10, 20, 64, 64); // { width: 64, height: 64, channels: img.channels, ... }
 * ```
 */
export function crop<T extends PixelArray>(raster: Raster<T>, left: number, top: number, width: number, height: number): Raster<T> {
  requireArgument(
    left >= 0 && top >= 0 && width >= 0 && height >= 0 && left + width <= raster.width && top + height <= raster.height,
    `crop ${width}x${height} at (${left}, ${top}) does not fit in ${raster.width}x${raster.height}`,
  );
  const c = raster.channels;
  const out = new (raster.data.constructor as new (n: number) => T)(width * height * c);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * raster.width + left) * c;
    out.set(raster.data.subarray(from, from + width * c), y * width * c);
  }
  return { width, height, channels: c, data: out };
}

/**
 * The centre `width` x `height` window, offset `floor((W - width) / 2)` as Pillow-based pipelines
 * (`in224`) and Keras do. torchvision's `CenterCrop` rounds the offset instead (`round`), which differs by
 * one pixel when `W - width` is odd.
 *
 * @example
 * ```ts
 * centerCrop(resized, 224, 224); // the ImageNet centre crop
 * ```
 */
export function centerCrop<T extends PixelArray>(raster: Raster<T>, width: number, height: number, offset: 'floor' | 'round' = 'floor'): Raster<T> {
  const pick = (d: number): number => (offset === 'floor' ? Math.floor(d / 2) : roundHalfEven(d / 2));
  return crop(raster, pick(raster.width - width), pick(raster.height - height), width, height);
}
