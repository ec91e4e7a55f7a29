import { encode as encodeFastPng } from 'fast-png';
import { requireArgument } from '../imaging-error.js';
import type { Raster } from './raster.js';

/**
 * Encodes an 8- or 16-bit Raster with 1–4 channels as PNG bytes (pure JavaScript). Float rasters must be
 * converted first (`toUint8`).
 *
 * @example
 * ```ts
 * const bytes = encodePng(toUint8(stretched)); // Uint8Array starting 0x89 'PNG'
 * ```
 */
export function encodePng(raster: Raster): Uint8Array {
  const { data } = raster;
  requireArgument(
    data instanceof Uint8Array || data instanceof Uint8ClampedArray || data instanceof Uint16Array,
    'encodePng takes 8- or 16-bit rasters; convert floats with toUint8()',
  );
  requireArgument(raster.channels >= 1 && raster.channels <= 4, `PNG holds 1 to 4 channels, got ${raster.channels}`);
  return encodeFastPng({
    width: raster.width,
    height: raster.height,
    channels: raster.channels,
    depth: data instanceof Uint16Array ? 16 : 8,
    data,
  });
}
