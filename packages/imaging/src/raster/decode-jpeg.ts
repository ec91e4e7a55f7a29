import { ImagingError } from '../imaging-error.js';
import { readJpegHeader } from './jpeg-header.js';
import { libjpegDecode } from './libjpeg-turbo.js';
import { rgbaToGrey, rgbaToRgb } from './rgba-to-rgb.js';
import type { Raster } from './raster.js';

export { jpegComponentCount } from './jpeg-header.js';

/**
 * Decodes a baseline or progressive 8-bit JPEG into a Raster: 1 channel for greyscale files, 3 (RGB)
 * otherwise. libjpeg-turbo (WebAssembly, the decoder behind Pillow) does the work, so the pixels are Pillow's
 * `Image.open(f).convert('RGB')` bit for bit; the EXIF orientation is not applied (as Pillow). Corrupt or
 * truncated files throw `imaging/decode`; CMYK/YCCK and 12-bit files throw `imaging/unsupported-format`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const img = await decodeJpeg(readFileSync('../shared/data/photos/chelsea.jpg')); // { width, height, channels: 3, data }
 * ```
 */
export async function decodeJpeg(bytes: Uint8Array): Promise<Raster<Uint8Array>> {
  const header = readJpegHeader(bytes);
  if (header === undefined) throw new ImagingError('imaging/decode', 'cannot decode JPEG: no frame header (SOFn marker) before the first scan');
  const count = header.components.length;
  if (count !== 1 && count !== 3) {
    throw new ImagingError('imaging/unsupported-format', `cannot decode JPEG: ${count} colour components (only greyscale and YCbCr/RGB are supported)`, {
      hint: 'convert CMYK/YCCK JPEGs to RGB first (e.g. with ImageMagick or Pillow)',
    });
  }
  if (header.precision !== 8) {
    throw new ImagingError('imaging/unsupported-format', `cannot decode JPEG: ${header.precision}-bit samples (only 8-bit JPEGs are supported)`, {
      hint: 'convert it to a 16-bit PNG or FITS',
    });
  }
  const { width, height, rgba } = await libjpegDecode(bytes);
  const pixels = width * height;
  // grey is replicated into R, G, B by libjpeg's RGBA output: its R is the grey sample
  const data = count === 1 ? rgbaToGrey(rgba, pixels) : rgbaToRgb(rgba, pixels);
  return { width, height, channels: count, data };
}
