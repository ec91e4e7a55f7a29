import type { PixelArray, Raster } from '../raster/raster.js';
import { fillIndex, type FillMode } from './fill-mode.js';

/**
 * A 2-D affine map from output pixel coordinates to input pixel coordinates, in (row, col) order as Keras
 * and scipy's `ndimage.affine_transform` use: `input = matrix · output + offset`.
 *
 * @example
 * ```ts
 * const shiftDown: AffineMap = { matrix: [1, 0, 0, 1], offset: [-2, 0] }; // content moves 2 rows down
 * ```
 */
export interface AffineMap {
  /** Row-major 2x2: `[a, b, c, d]` gives `row_in = a·row + b·col`, `col_in = c·row + d·col`. */
  readonly matrix: readonly [number, number, number, number];
  readonly offset: readonly [number, number];
}

/** Options of {@link affineTransform}. @example `{ fillMode: 'constant', cval: 0 }` */
export interface AffineOptions {
  /** Default `nearest` (Keras' default). */
  readonly fillMode?: FillMode;
  /** Fill value for `constant` (default 0). */
  readonly cval?: number;
}

/**
 * Resamples every channel with bilinear interpolation (scipy `order=1`) through `map`, filling outside
 * samples per `fillMode` (each of the four bilinear taps is mapped separately, so `constant` blends towards
 * `cval` within one pixel of the edge, as scipy's `grid-constant`). Output has the input's size and array
 * type (integers rounded and clamped).
 *
 * @example
 * ```ts
 * const moved = affineTransform(img, { matrix: [1, 0, 0, 1], offset: [0, 3] }, { fillMode: 'reflect' });
 * ```
 */
export function affineTransform<T extends PixelArray>(raster: Raster<T>, map: AffineMap, options: AffineOptions = {}): Raster<T> {
  const { width: w, height: h, channels: c } = raster;
  const mode = options.fillMode ?? 'nearest';
  const cval = options.cval ?? 0;
  const [a, b, cc, d] = map.matrix;
  const [or, oc] = map.offset;
  const src = raster.data;
  const out = new (src.constructor as new (n: number) => T)(src.length);
  const isInt = !(src instanceof Float32Array || src instanceof Float64Array);
  const max = src instanceof Uint16Array ? 65535 : 255;
  for (let row = 0; row < h; row++) {
    for (let col = 0; col < w; col++) {
      // NOTE: round away float noise (e.g. cos 90° = 6e-17) so quarter turns land exactly on pixels
      const r = snap(a * row + b * col + or);
      const q = snap(cc * row + d * col + oc);
      const r0 = Math.floor(r);
      const q0 = Math.floor(q);
      const fr = r - r0;
      const fq = q - q0;
      const ra = fillIndex(r0, h, mode);
      const rb = fillIndex(r0 + 1, h, mode);
      const qa = fillIndex(q0, w, mode);
      const qb = fillIndex(q0 + 1, w, mode);
      for (let ch = 0; ch < c; ch++) {
        const tap = (y: number, x: number): number => (y < 0 || x < 0 ? cval : src[(y * w + x) * c + ch]!);
        let v = (1 - fr) * ((1 - fq) * tap(ra, qa) + fq * tap(ra, qb)) + fr * ((1 - fq) * tap(rb, qa) + fq * tap(rb, qb));
        if (isInt) v = Math.min(max, Math.max(0, Math.round(v)));
        out[(row * w + col) * c + ch] = v;
      }
    }
  }
  return { width: w, height: h, channels: c, data: out };
}

function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 ? r : x;
}
