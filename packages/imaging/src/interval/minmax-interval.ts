import { finiteValues } from './finite-values.js';
import type { Interval, IntervalLimits } from './interval.js';

/**
 * The finite minimum and maximum (astropy `MinMaxInterval`).
 *
 * @example
 * ```ts
 * minMaxInterval().limits([3, NaN, -1, 7]); // [-1, 7]
 * ```
 */
export function minMaxInterval(): Interval {
  return {
    kind: 'minmax',
    limits(values: ArrayLike<number>): IntervalLimits {
      const f = finiteValues(values);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < f.length; i++) {
        const v = f[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      return [lo, hi];
    },
  };
}
