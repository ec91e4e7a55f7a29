/**
 * The Sérsic constant b_n: the value for which the effective radius encloses half the light, i.e. the root of
 * P(2n, b_n) = 1/2 (Ciotti & Bertin 1999). Solved exactly by Newton's method on the incomplete gamma
 * function, started from Ciotti & Bertin's asymptotic series, and cached per n.
 */
import { SimError } from './sim-error.js';
import { inverseRegularizedGammaP } from './gamma-function.js';

const cache = new Map<number, number>();

/**
 * b_n of a Sérsic profile of index n (0.2 ≤ n ≤ 20): P(2n, b_n) = 1/2 to double precision.
 *
 * @example
 * ```ts
 * sersicBn(1); // 1.678346990…  (exponential disc)
 * sersicBn(4); // 7.669249443…  (de Vaucouleurs)
 * ```
 */
export function sersicBn(n: number): number {
  const cached = cache.get(n);
  if (cached !== undefined) return cached;
  if (!(n >= 0.2 && n <= 20)) {
    throw new SimError('sim/bad-parameter', `Sérsic index n = ${n} is outside the supported range 0.2 to 20`);
  }
  // Ciotti & Bertin (1999) asymptotic expansion as the starting point.
  const start = Math.max(0.01, 2 * n - 1 / 3 + 4 / (405 * n) + 46 / (25515 * n * n));
  const b = inverseRegularizedGammaP(2 * n, 0.5, start);
  cache.set(n, b);
  return b;
}
