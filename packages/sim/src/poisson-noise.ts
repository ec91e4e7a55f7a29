/**
 * Seeded Poisson deviates: inversion (sequential search of the CDF) for λ < 30, where it is exact and
 * cheap, and the rounded normal approximation λ + √λ z above, where the skewness 1/√λ < 0.2 is far below
 * what a sky-dominated cutout can show and one normal deviate is several times cheaper than exact methods.
 */
import type { SeededRandom } from '@kenobi/core';
import { zigguratNormal } from './normal-deviates.js';

const INVERSION_LIMIT = 30;

/**
 * One Poisson deviate of mean `lambda` (≥ 0).
 *
 * @example
 * ```ts
 * import { SeededRandom } from '@kenobi/core';
 * poisson(new SeededRandom(1), 4.5); // e.g. 6
 * ```
 */
export function poisson(rng: SeededRandom, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda >= INVERSION_LIMIT) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  let p = Math.exp(-lambda);
  let cdf = p;
  const u = rng.uniform();
  let k = 0;
  while (u > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/**
 * Replaces each pixel's expected signal s by Poisson(s + sky) − sky: a sky-subtracted image with the noise
 * of source plus sky. Works in place and returns the image.
 *
 * @example
 * ```ts
 * addPoissonNoise(image, 250, new SeededRandom(7)); // image now has noise of variance ≈ 250 + signal
 * ```
 */
export function addPoissonNoise(image: Float32Array, sky: number, rng: SeededRandom): Float32Array {
  // NOTE: in the normal regime (nearly every pixel: skies are 100–500 counts) the normal deviate comes from a
  // ziggurat (`zigguratNormal`: one 32-bit draw and a multiplication for ~99% of them), several times cheaper
  // than rng.normal()'s Box–Muller. Same distribution, same seeding.
  const n = image.length;
  for (let k = 0; k < n; k++) {
    const lambda = Math.max(0, image[k]! + sky);
    image[k] = (lambda < INVERSION_LIMIT ? poisson(rng, lambda) : Math.max(0, Math.round(lambda + Math.sqrt(lambda) * zigguratNormal(rng)))) - sky;
  }
  return image;
}
