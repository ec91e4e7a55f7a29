/**
 * A {@link Raster} from a strided view `[height, width]` or `[height, width, channels]` (a FITS image's `data`,
 * a scijs array, a transposed or sliced one included), so stretches and `toModelInput` take any such array.
 */
import { cOrderValues } from '@kenobi/core';
import type { StridedView } from '@kenobi/core';
import { ImagingError } from '../imaging-error.js';
import type { PixelArray, Raster } from './raster.js';

/**
 * The raster of a view: its own memory when the view is C-contiguous with a pixel type, else a C-order copy
 * (other element types, e.g. int16 FITS data, become float32). Throws `imaging/invalid-argument` for a
 * rank other than 2 or 3.
 *
 * @example
 * ```ts
 * const r = rasterFromView(fits.readImage().data);                  // 1-channel raster of the image
 * const t = rasterFromView(ndarray(pixels, [64, 64, 3]).step(-1));  // flipped vertically, no copy by the caller
 * ```
 */
export function rasterFromView(view: StridedView): Raster {
  const [height, width, channels = 1] = view.shape;
  if ((view.shape.length !== 2 && view.shape.length !== 3) || height === undefined || width === undefined) {
    throw new ImagingError('imaging/invalid-argument', `a raster view has shape [height, width] or [height, width, channels], got [${view.shape.join(', ')}]`);
  }
  const values = cOrderValues(view);
  const pixel = values instanceof Uint8Array || values instanceof Uint8ClampedArray || values instanceof Uint16Array || values instanceof Float32Array || values instanceof Float64Array;
  const data: PixelArray = pixel ? (values as PixelArray) : Float32Array.from(values as ArrayLike<number>);
  return { width, height, channels, data };
}
