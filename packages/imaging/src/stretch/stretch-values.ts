import type { Interval } from '../interval/interval.js';
import { normaliseToInterval } from '../interval/interval.js';
import type { Stretch } from './stretch.js';

/**
 * The usual display chain, astropy's `stretch(interval(values))`: limits from the interval, normalise and
 * clip to [0, 1], then stretch. NaN stays NaN. Double-precision arithmetic, written to `out` (default a new
 * Float32Array).
 *
 * @example
 * ```ts
 * const shown = stretchValues(band.data, zscaleInterval(), asinhStretch()); // Float32Array in [0, 1]
 * ```
 */
export function stretchValues<T extends Float32Array | Float64Array = Float32Array>(
  values: ArrayLike<number>,
  interval: Interval,
  stretch: Stretch,
  out?: T,
): T {
  const limits = interval.limits(values);
  const normalised = normaliseToInterval(values, limits, { out: new Float64Array(values.length) });
  return stretch.apply(normalised, out === undefined ? {} : { out });
}
