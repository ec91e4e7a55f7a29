/**
 * `[vmin, vmax]`: the data values that map to 0 and 1.
 *
 * @example
 * ```ts
 * const limits: IntervalLimits = [0, 255];
 * ```
 */
export type IntervalLimits = readonly [vmin: number, vmax: number];

/**
 * Something that picks display limits from data, as astropy's `BaseInterval.get_limits`. Non-finite values
 * (NaN, ±Infinity) are ignored, as astropy does.
 *
 * @example
 * ```ts
 * const it: Interval = zscaleInterval();
 * const [vmin, vmax] = it.limits(band.data);
 * ```
 */
export interface Interval {
  /** What it is, with its parameters, e.g. `'percentile:99.5'`. */
  readonly kind: string;
  limits(values: ArrayLike<number>): IntervalLimits;
}

/** Options of {@link normaliseToInterval}. @example `{ clip: false, out: new Float64Array(n) }` */
export interface NormaliseOptions<T extends Float32Array | Float64Array> {
  /** Clip to [0, 1] after scaling (astropy's default `clip=True`). NaN stays NaN. */
  readonly clip?: boolean;
  /** Where to write; default a new Float32Array. Use a Float64Array to keep double precision. */
  readonly out?: T;
}

/**
 * `(x - vmin) / (vmax - vmin)`, clipped to [0, 1]: astropy's `BaseInterval.__call__`. As there, when
 * `vmax == vmin` the values are only shifted (no division), and NaN stays NaN. Computed in double precision.
 *
 * @example
 * ```ts
 * normaliseToInterval([0, 5, 10, 20], [0, 10]); // Float32Array [0, 0.5, 1, 1]
 * ```
 */
export function normaliseToInterval<T extends Float32Array | Float64Array = Float32Array>(
  values: ArrayLike<number>,
  limits: IntervalLimits,
  options: NormaliseOptions<T> = {},
): T {
  const [vmin, vmax] = limits;
  const clip = options.clip ?? true;
  const out = options.out ?? (new Float32Array(values.length) as T);
  const range = vmax - vmin;
  const divide = range !== 0;
  for (let i = 0; i < values.length; i++) {
    let v = values[i]! - vmin;
    if (divide) v /= range;
    if (clip) v = v < 0 ? 0 : v > 1 ? 1 : v;
    out[i] = v;
  }
  return out;
}
