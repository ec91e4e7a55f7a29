import { minMaxInterval } from './minmax-interval.js';
import type { Interval, IntervalLimits } from './interval.js';

/**
 * Fixed limits (astropy `ManualInterval`); a limit left `undefined` is taken from the data's finite
 * minimum or maximum.
 *
 * @example
 * ```ts
 * manualInterval(0, 1000).limits(data);     // [0, 1000]
 * manualInterval(0).limits([5, 9, NaN]);    // [0, 9]
 * ```
 */
export function manualInterval(vmin?: number, vmax?: number): Interval {
  return {
    kind: `manual:${vmin ?? ''},${vmax ?? ''}`,
    limits(values: ArrayLike<number>): IntervalLimits {
      if (vmin !== undefined && vmax !== undefined) return [vmin, vmax];
      const [lo, hi] = minMaxInterval().limits(values);
      return [vmin ?? lo, vmax ?? hi];
    },
  };
}
