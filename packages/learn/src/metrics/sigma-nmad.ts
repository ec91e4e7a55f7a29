import { numpyMedian } from './pairwise-sum.js';
import { photozResiduals } from './photoz-residuals.js';

/**
 * σ_NMAD = 1.48 · median(|Δz − median(Δz)| / (1 + z_spec)), the photo-z scatter robust to outliers.
 *
 * @example
 * ```ts
 * sigmaNmad(zSpec, zPhot); // e.g. 0.021
 * ```
 */
export function sigmaNmad(zTrue: ArrayLike<number>, zPred: ArrayLike<number>): number {
  const { dz } = photozResiduals(zTrue, zPred);
  const m = numpyMedian(dz);
  const dev = dz.map((d, i) => Math.abs(d - m) / (1 + zTrue[i]!));
  return 1.48 * numpyMedian(dev);
}
