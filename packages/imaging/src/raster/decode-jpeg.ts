import jpegJs from 'jpeg-js';
import { ImagingError } from '../imaging-error.js';
import type { Raster } from './raster.js';

/**
 * Decodes a baseline or progressive JPEG (8-bit) into a Raster: 1 channel for greyscale files, 3 (RGB)
 * otherwise. Pure JavaScript (jpeg-js). Decoders differ by a few levels (IDCT, chroma upsampling): against
 * Pillow/libjpeg-turbo expect a max difference of a few DN and a mean difference well under 1.
 *
 * @example
 * ```ts
 * const img = decodeJpeg(bytes); // { width: 614, height: 447, channels: 3, data: Uint8Array }
 * ```
 */
export function decodeJpeg(bytes: Uint8Array): Raster<Uint8Array> {
  const components = jpegComponentCount(bytes);
  let decoded;
  try {
    decoded = jpegJs.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
  } catch (cause) {
    throw new ImagingError('imaging/decode', `cannot decode JPEG: ${(cause as Error).message}`, { cause });
  }
  const { width, height, data } = decoded;
  if (components !== 1) return { width, height, channels: 3, data };
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[3 * i]!;
  return { width, height, channels: 1, data: grey };
}

/**
 * The component count from the first SOFn marker (1 = greyscale, 3 = YCbCr), or undefined when none is
 * found.
 *
 * @example
 * ```ts
 * jpegComponentCount(readFileSync('grey.jpg')); // 1
 * ```
 */
export function jpegComponentCount(bytes: Uint8Array): number | undefined {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) { i++; continue; }
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return bytes[i + 9];
    i += 2 + length;
  }
  return undefined;
}
