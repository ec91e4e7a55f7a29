import type { Raster } from './raster.js';

/**
 * Float samples in [0, 1] → 8-bit: `round(clip(v, 0, 1) * 255)`, NaN → 0. For showing or saving
 * stretched images (`encodePng`).
 *
 * @example
 * ```ts
 * toUint8({ width: 2, height: 1, channels: 1, data: Float32Array.of(0.5, NaN) }).data; // Uint8Array [128, 0]
 * ```
 */
export function toUint8(raster: Raster): Raster<Uint8Array> {
  const d = raster.data;
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    out[i] = v > 0 ? (v >= 1 ? 255 : Math.round(v * 255)) : 0;
  }
  return { width: raster.width, height: raster.height, channels: raster.channels, data: out };
}
