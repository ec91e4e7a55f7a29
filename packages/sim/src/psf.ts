/**
 * Point-spread functions: a circular Gaussian or Moffat given by its FWHM in arcsec. Kernels are
 * pixel-integrated and normalised to a sum of 1 over their support (radius `psfRadiusPixels`).
 */
import { requireInRange } from './sim-error.js';

/**
 * PSF kinds.
 *
 * @example
 * ```ts
 * PSF_KINDS; // ['gaussian', 'moffat']
 * ```
 */
export const PSF_KINDS = Object.freeze(['gaussian', 'moffat'] as const);
/**
 * One of {@link PSF_KINDS}.
 *
 * @example
 * ```ts
 * const kind: PsfKind = 'moffat';
 * ```
 */
export type PsfKind = (typeof PSF_KINDS)[number];

/**
 * A circular PSF.
 *
 * @example
 * ```ts
 * const psf: Psf = { kind: 'moffat', fwhm: 0.9, beta: 3 };
 * ```
 */
export interface Psf {
  readonly kind: PsfKind;
  /** Full width at half maximum, arcsec. */
  readonly fwhm: number;
  /** Moffat power index β (default 3; large β tends to a Gaussian). */
  readonly beta?: number;
}

/**
 * Kernel radius in pixels: 4σ for a Gaussian, and for a Moffat the radius holding all but ~0.5% of the
 * light (capped at 3 FWHM + 2 pixels, which suits cutouts up to a few hundred pixels).
 *
 * @example
 * ```ts
 * psfRadiusPixels({ kind: 'gaussian', fwhm: 1.0 }, 0.263); // 7 (σ = 1.61 px)
 * ```
 */
export function psfRadiusPixels(psf: Psf, pixelScale: number): number {
  requireInRange('PSF FWHM (arcsec)', psf.fwhm, 0, 100);
  const fwhmPx = psf.fwhm / pixelScale;
  if (psf.kind === 'gaussian') return Math.max(1, Math.ceil((4 * fwhmPx) / 2.3548200450309493));
  return Math.max(1, Math.ceil(3 * fwhmPx + 2));
}

/**
 * The 1-D pixel-integrated Gaussian kernel of a Gaussian PSF (length 2r+1, sum 1); the 2-D kernel is its
 * outer product, which makes convolution separable. It is cut at r = ⌈`sigmas`·σ⌉ pixels (default 4σ, as
 * `psfRadiusPixels`) and renormalised.
 *
 * @example
 * ```ts
 * gaussianKernel1d(1.0, 0.263);    // Float64Array(15), peak in the middle
 * gaussianKernel1d(1.0, 0.263, 3); // Float64Array(11): cut at 3σ (σ = 1.61 px)
 * ```
 */
export function gaussianKernel1d(fwhm: number, pixelScale: number, sigmas = 4): Float64Array {
  const sigma = fwhm / pixelScale / 2.3548200450309493;
  requireInRange('Gaussian kernel truncation (sigmas)', sigmas, 1, 10);
  const r = sigmas === 4 ? psfRadiusPixels({ kind: 'gaussian', fwhm }, pixelScale) : Math.max(1, Math.ceil(sigmas * sigma));
  const k = new Float64Array(2 * r + 1);
  const s = sigma * Math.SQRT2;
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const v = sigma === 0 ? (i === 0 ? 1 : 0) : 0.5 * (erf((i + 0.5) / s) - erf((i - 0.5) / s));
    k[i + r] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

/**
 * The 2-D pixel-integrated kernel ((2r+1)², row-major, sum 1) of any PSF (5×5 samples per pixel).
 *
 * @example
 * ```ts
 * const { kernel, radius } = psfKernel2d({ kind: 'moffat', fwhm: 0.9, beta: 3 }, 0.263);
 * kernel.length === (2 * radius + 1) ** 2; // true
 * ```
 */
export function psfKernel2d(psf: Psf, pixelScale: number): { kernel: Float64Array; radius: number } {
  const r = psfRadiusPixels(psf, pixelScale);
  const size = 2 * r + 1;
  const kernel = new Float64Array(size * size);
  const fwhmPx = psf.fwhm / pixelScale;
  const beta = psf.beta ?? 3;
  requireInRange('Moffat beta', beta, 1.01, 100);
  const alpha = fwhmPx / (2 * Math.sqrt(Math.pow(2, 1 / beta) - 1));
  const sigma = fwhmPx / 2.3548200450309493;
  const profile = psf.kind === 'moffat'
    ? (r2: number) => Math.pow(1 + r2 / (alpha * alpha), -beta)
    : (r2: number) => Math.exp(-r2 / (2 * sigma * sigma));
  const ss = 5;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let v = 0;
      for (let a = 0; a < ss; a++) {
        const y = i - r - 0.5 + (a + 0.5) / ss;
        for (let b = 0; b < ss; b++) {
          const x = j - r - 0.5 + (b + 0.5) / ss;
          v += profile(x * x + y * y);
        }
      }
      kernel[i * size + j] = v;
      sum += v;
    }
  }
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  return { kernel, radius: r };
}

/**
 * The error function, from Numerical Recipes' Chebyshev fit to erfc (fractional error below 1.2e-7).
 *
 * @example
 * ```ts
 * erf(1); // 0.8427007…
 * ```
 */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc : erfc - 1;
}
