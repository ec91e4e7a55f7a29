import { numpyMean, numpyMedian } from './pairwise-sum.js';
import { photozResiduals } from './photoz-residuals.js';

/**
 * Photo-z bias: the mean (default) or median of Δz / (1 + z_spec), Δz = z_phot − z_spec.
 *
 * @example
 * ```ts
 * photozBias(zSpec, zPhot);                        // mean normalised residual
 * photozBias(zSpec, zPhot, { statistic: 'median' });
 * ```
 */
export function photozBias(zTrue: ArrayLike<number>, zPred: ArrayLike<number>, options: { statistic?: 'mean' | 'median' } = {}): number {
  const { normalized } = photozResiduals(zTrue, zPred);
  return options.statistic === 'median' ? numpyMedian(normalized) : numpyMean(normalized);
}
