import { photozResiduals } from './photoz-residuals.js';

/**
 * Fraction of catastrophic photo-z outliers: |Δz| / (1 + z_spec) > `threshold` (default 0.15).
 *
 * @example
 * ```ts
 * outlierFraction([0.1, 0.5], [0.5, 0.5]); // 0.5
 * ```
 */
export function outlierFraction(zTrue: ArrayLike<number>, zPred: ArrayLike<number>, threshold = 0.15): number {
  const { normalized } = photozResiduals(zTrue, zPred);
  let n = 0;
  for (const v of normalized) if (Math.abs(v) > threshold) n++;
  return n / normalized.length;
}
