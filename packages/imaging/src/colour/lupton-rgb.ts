import { requireArgument } from '../imaging-error.js';
import type { Raster } from '../raster/raster.js';

/**
 * Parameters of {@link makeLuptonRgb}; the defaults are astropy's `make_lupton_rgb`.
 *
 * @example
 * ```ts
 * const o: LuptonOptions = { stretch: 0.5, Q: 10 }; // astropy's documentation example
 * ```
 */
export interface LuptonOptions {
  /** Black level subtracted from each band: one value, or [red, green, blue] (default 0). */
  readonly minimum?: number | readonly [number, number, number];
  /** Linear stretch of the image (default 5). */
  readonly stretch?: number;
  /** Asinh softening parameter (default 8). */
  readonly Q?: number;
}

/**
 * The Lupton et al. (2004) asinh colour composite, as astropy 5.2 `make_lupton_rgb(image_r, image_g,
 * image_b, minimum=0, stretch=5, Q=8)`: subtract `minimum`, scale all three bands by
 * `asinh(I Q / stretch) * slope / I` of their mean intensity `I` (so colours are kept), clamp negatives
 * to 0, scale saturated pixels down by their largest band, and truncate to 8 bits. NaN pixels become 0.
 * Computed in double precision (astropy computes in the input dtype), so results can differ from astropy's
 * by one 8-bit level on float32 inputs.
 *
 * Band order: the arguments are the red, green and blue images. For SDSS g, r, i the usual composite is
 * `makeLuptonRgb(i, r, g)` (i → red, r → green, g → blue), as in astropy's documentation.
 *
 * @example
 * ```ts
 * const rgb = makeLuptonRgb(iBand, rBand, gBand, { stretch: 0.5, Q: 10 });
 * // { width, height, channels: 3, data: Uint8Array } ready for encodePng(rgb)
 * ```
 */
export function makeLuptonRgb(red: Raster, green: Raster, blue: Raster, options: LuptonOptions = {}): Raster<Uint8Array> {
  for (const b of [red, green, blue]) {
    requireArgument(b.channels === 1, 'makeLuptonRgb takes three single-channel bands');
    requireArgument(b.width === red.width && b.height === red.height, `band shapes differ: ${b.width}x${b.height} vs ${red.width}x${red.height}`);
  }
  const m = options.minimum ?? 0;
  const [m0, m1, m2] = typeof m === 'number' ? [m, m, m] : m;
  const stretch = options.stretch ?? 5;
  let q = options.Q ?? 8;
  // NOTE: astropy's AsinhMapping guards: |Q| below float32 epsilon becomes 0.1, and Q is capped at 1e10.
  if (Math.abs(q) < 1 / 2 ** 23) q = 0.1;
  else if (q > 1e10) q = 1e10;
  const slope = (0.1 * 255) / Math.asinh(0.1 * q);
  const soften = q / stretch;
  const n = red.width * red.height;
  const out = new Uint8Array(n * 3);
  const rd = red.data;
  const gd = green.data;
  const bd = blue.data;
  for (let i = 0; i < n; i++) {
    const r = rd[i]! - m0;
    const g = gd[i]! - m1;
    const b = bd[i]! - m2;
    const intensity = (r + g + b) / 3;
    const fac = intensity <= 0 ? 0 : (Math.asinh(intensity * soften) * slope) / intensity;
    const r0 = clampNegative(r * fac);
    const g0 = clampNegative(g * fac);
    const b0 = clampNegative(b * fac);
    // astropy's np.where cascade: the largest band (ties resolved as there) decides the saturation scale
    const top = r0 > g0 ? (r0 > b0 ? r0 : b0) : g0 > b0 ? g0 : b0;
    const scale = top >= 255 ? 255 / top : 1;
    out[3 * i] = toUint8(r0 * scale);
    out[3 * i + 1] = toUint8(g0 * scale);
    out[3 * i + 2] = toUint8(b0 * scale);
  }
  return { width: red.width, height: red.height, channels: 3, data: out };
}

function clampNegative(v: number): number {
  return v < 0 ? 0 : v;
}

/** numpy's float → uint8 cast as astropy relies on it: truncation; NaN → 0; at most 255. */
function toUint8(v: number): number {
  if (!(v > 0)) return 0;
  return v >= 255 ? 255 : Math.trunc(v);
}
