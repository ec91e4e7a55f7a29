import { requireArgument } from '../imaging-error.js';
import { finiteValues } from './finite-values.js';
import type { Interval, IntervalLimits } from './interval.js';
import { percentileOfSorted } from './numpy-percentile.js';

/**
 * Limits at the `lower` and `upper` percentiles of the finite values (astropy
 * `AsymmetricPercentileInterval` without `n_samples`: every finite pixel is used, numpy's linear
 * interpolation).
 *
 * @example
 * ```ts
 * asymmetricPercentileInterval(1, 99).limits(band.data); // [p1, p99]
 * ```
 */
export function asymmetricPercentileInterval(lower: number, upper: number): Interval {
  requireArgument(lower >= 0 && upper <= 100 && lower <= upper, `percentiles must satisfy 0 <= lower <= upper <= 100, got ${lower}, ${upper}`);
  return {
    kind: `percentile:${lower},${upper}`,
    limits(values: ArrayLike<number>): IntervalLimits {
      const sorted = finiteValues(values).sort();
      return [percentileOfSorted(sorted, lower), percentileOfSorted(sorted, upper)];
    },
  };
}

/**
 * The central `percentile` per cent of the finite values (astropy `PercentileInterval`): the limits are the
 * `(100 - p) / 2` and `100 - (100 - p) / 2` percentiles.
 *
 * @example
 * ```ts
 * percentileInterval(99.5).limits(band.data); // [p0.25, p99.75]
 * ```
 */
export function percentileInterval(percentile: number): Interval {
  requireArgument(percentile > 0 && percentile <= 100, `percentile must be in (0, 100], got ${percentile}`);
  const lower = (100 - percentile) * 0.5;
  const interval = asymmetricPercentileInterval(lower, 100 - lower);
  return { kind: `percentile:${percentile}`, limits: interval.limits };
}
