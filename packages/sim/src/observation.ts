/**
 * How a scene is observed: pixel scale, zero point, and per band the PSF and sky brightness. The defaults
 * are DES-like: 0.263"/pixel, ZP = 30, seeing 1.1"/1.0"/0.95" (g/r/i), dark sky 22.1/21.1/20.4 mag/arcsec².
 */
import type { Band } from './photometry.js';
import { BANDS } from './photometry.js';
import type { Psf } from './psf.js';
import { requireInRange } from './sim-error.js';

/**
 * Observing conditions.
 *
 * @example
 * ```ts
 * const obs: Observation = observation({ bands: ['g', 'r', 'i'], pixelScale: 0.2 });
 * ```
 */
export interface Observation {
  /** Bands to render, in output order. */
  readonly bands: readonly Band[];
  /** Arcsec per pixel. */
  readonly pixelScale: number;
  /** Magnitude of one count in the whole exposure. */
  readonly zeroPoint: number;
  /** PSF per band. */
  readonly psf: Readonly<Record<Band, Psf>>;
  /** Sky surface brightness per band, mag/arcsec². */
  readonly skyMagnitude: Readonly<Record<Band, number>>;
  /** Add Poisson noise of source + sky (default true). Images are sky-subtracted either way. */
  readonly noise: boolean;
}

/**
 * The default (DES-like) observation with every band.
 *
 * @example
 * ```ts
 * DEFAULT_OBSERVATION.psf.r; // { kind: 'gaussian', fwhm: 1.0 }
 * ```
 */
export const DEFAULT_OBSERVATION: Observation = Object.freeze({
  bands: BANDS,
  pixelScale: 0.263,
  zeroPoint: 30,
  psf: Object.freeze({
    g: Object.freeze({ kind: 'gaussian', fwhm: 1.1 }),
    r: Object.freeze({ kind: 'gaussian', fwhm: 1.0 }),
    i: Object.freeze({ kind: 'gaussian', fwhm: 0.95 }),
  }),
  skyMagnitude: Object.freeze({ g: 22.1, r: 21.1, i: 20.4 }),
  noise: true,
});

/**
 * The default observation with some fields replaced, checked.
 *
 * @example
 * ```ts
 * const obs = observation({ bands: ['g', 'r', 'i'], pixelScale: 0.2, noise: false });
 * obs.zeroPoint; // 30
 * ```
 */
export function observation(overrides: Partial<Observation> = {}): Observation {
  const obs: Observation = { ...DEFAULT_OBSERVATION, ...overrides };
  requireInRange('pixel scale (arcsec/pixel)', obs.pixelScale, 1e-3, 10);
  requireInRange('zero point', obs.zeroPoint, 0, 50);
  requireInRange('number of bands', obs.bands.length, 1, BANDS.length);
  return Object.freeze(obs);
}

/**
 * Sky counts per pixel in a band.
 *
 * @example
 * ```ts
 * skyCountsPerPixel(DEFAULT_OBSERVATION, 'r'); // ≈ 251 counts
 * ```
 */
export function skyCountsPerPixel(obs: Observation, band: Band): number {
  return Math.pow(10, -0.4 * (obs.skyMagnitude[band] - obs.zeroPoint)) * obs.pixelScale * obs.pixelScale;
}
