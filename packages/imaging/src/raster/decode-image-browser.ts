import { ImagingError } from '../imaging-error.js';
import type { Raster } from './raster.js';

/**
 * Browser only (not run in Node's tests): decodes any image the browser can (PNG, JPEG, WebP, AVIF...) with
 * `createImageBitmap` and an `OffscreenCanvas`, giving 8-bit RGBA. Note that canvas decoding is 8-bit only
 * (16-bit PNGs are reduced) and may apply colour management; for bit-exact PNG pixels use `decodeImage`.
 *
 * @example
 * ```ts
 * const blob = await (await fetch('galaxy.jpg')).blob();
 * const img = await decodeImageInBrowser(blob); // { channels: 4, data: Uint8Array }
 * ```
 */
export async function decodeImageInBrowser(source: Blob | ImageBitmapSource): Promise<Raster<Uint8Array>> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    throw new ImagingError('imaging/unsupported-format', 'decodeImageInBrowser needs createImageBitmap and OffscreenCanvas', {
      hint: 'in Node use decodeImage(bytes)',
    });
  }
  const bitmap = await createImageBitmap(source, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new ImagingError('imaging/decode', 'no 2D context on OffscreenCanvas');
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, channels: 4, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } finally {
    bitmap.close();
  }
}
