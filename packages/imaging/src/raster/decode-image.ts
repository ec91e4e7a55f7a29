import { ImagingError } from '../imaging-error.js';
import { decodeJpeg } from './decode-jpeg.js';
import { decodePng } from './decode-png.js';
import type { Raster } from './raster.js';

/**
 * The raster formats {@link decodeImage} recognises by their first bytes.
 *
 * @example
 * ```ts
 * RASTER_FORMATS; // ['png', 'jpeg']
 * ```
 */
export const RASTER_FORMATS = Object.freeze(['png', 'jpeg'] as const);

/** One of {@link RASTER_FORMATS}. @example `const f: RasterFormat = 'png';` */
export type RasterFormat = (typeof RASTER_FORMATS)[number];

/**
 * The format of encoded image bytes from their signature, or undefined.
 *
 * @example
 * ```ts
 * sniffRasterFormat(pngBytes); // 'png'
 * ```
 */
export function sniffRasterFormat(bytes: Uint8Array): RasterFormat | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/**
 * Decodes PNG or JPEG bytes (recognised by signature), in Node and browsers alike, with Pillow's pixels: PNG
 * through fast-png, JPEG through libjpeg-turbo compiled to WebAssembly (see {@link decodeJpeg}). For the
 * browser's native decoders use `decodeImageInBrowser`. Throws `imaging/unsupported-format` for other bytes.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const img = await decodeImage(readFileSync('galaxy.jpeg')); // { width, height, channels: 3, data: Uint8Array }
 * ```
 */
export async function decodeImage(bytes: Uint8Array): Promise<Raster<Uint8Array | Uint16Array>> {
  const format = sniffRasterFormat(bytes);
  if (format === 'png') return decodePng(bytes);
  if (format === 'jpeg') return decodeJpeg(bytes);
  throw new ImagingError('imaging/unsupported-format', 'not a PNG or JPEG file (unknown signature)', {
    hint: 'FITS files are read with @kenobi/fits; convert other formats to PNG',
  });
}
