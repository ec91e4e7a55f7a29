import { convertIndexedToRgb, decode as decodeFastPng } from 'fast-png';
import { ImagingError } from '../imaging-error.js';
import type { Raster } from './raster.js';

/**
 * Decodes a PNG into a Raster with the file's own channels (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) and depth
 * (8-bit → Uint8Array, 16-bit → Uint16Array; 1/2/4-bit grey is scaled up to 8 bits as libpng does). Palette
 * images are expanded to RGB (or RGBA when they carry transparency). Pure JavaScript (fast-png), so it runs
 * the same in Node and browsers.
 *
 * @example
 * ```ts
 * const img = decodePng(bytes); // { width: 320, height: 248, channels: 3, data: Uint8Array(238080) }
 * ```
 */
export function decodePng(bytes: Uint8Array): Raster<Uint8Array | Uint16Array> {
  let png;
  try {
    png = decodeFastPng(bytes);
  } catch (cause) {
    throw new ImagingError('imaging/decode', `cannot decode PNG: ${(cause as Error).message}`, { cause });
  }
  const { width, height } = png;
  if (png.palette) {
    const data = convertIndexedToRgb(png);
    return { width, height, channels: data.length / (width * height), data };
  }
  const channels = png.channels;
  if (png.depth === 16) return { width, height, channels, data: png.data as Uint16Array };
  if (png.depth === 8) return { width, height, channels, data: png.data as Uint8Array };
  // NOTE: fast-png leaves 1/2/4-bit samples unscaled (0..2^d-1); scale to 0..255 as PIL and libpng do.
  const scale = 255 / (2 ** png.depth - 1);
  const data = Uint8Array.from(png.data as Uint8Array, (v) => Math.round(v * scale));
  return { width, height, channels, data };
}
