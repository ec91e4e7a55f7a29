/**
 * A stretch: a monotonic map of [0, 1] onto [0, 1], as astropy's `BaseStretch`. `apply` first clips the
 * input to [0, 1] (astropy's default `clip=True`; NaN stays NaN), then maps each value, in double precision.
 *
 * @example
 * ```ts
 * const s: Stretch = asinhStretch();
 * s.apply(Float32Array.of(0, 0.1, 1)); // Float32Array [0, 0.2939, 1]
 * ```
 */
export interface Stretch {
  /** What it is, with its parameters, e.g. `'asinh:0.1'`. */
  readonly kind: string;
  /** The map of one (already clipped) value. */
  readonly map: (x: number) => number;
  /** Clips (unless `clip: false`) and maps every value into `out` (default a new Float32Array). */
  apply<T extends Float32Array | Float64Array = Float32Array>(values: ArrayLike<number>, options?: StretchOptions<T>): T;
}

/** Options of {@link Stretch.apply}. @example `{ out: new Float64Array(n) }` */
export interface StretchOptions<T extends Float32Array | Float64Array> {
  /** Clip the input to [0, 1] first (default true, as astropy). */
  readonly clip?: boolean;
  readonly out?: T;
}

/**
 * Builds a {@link Stretch} from its per-value map. Each stretch file uses this; a new stretch is a new file.
 *
 * @example
 * ```ts
 * const squared = defineStretch('squared', (x) => x * x);
 * squared.apply([0.5]); // Float32Array [0.25]
 * ```
 */
export function defineStretch(kind: string, map: (x: number) => number): Stretch {
  return {
    kind,
    map,
    apply<T extends Float32Array | Float64Array = Float32Array>(values: ArrayLike<number>, options: StretchOptions<T> = {}): T {
      const clip = options.clip ?? true;
      const out = options.out ?? (new Float32Array(values.length) as T);
      for (let i = 0; i < values.length; i++) {
        let v = values[i]!;
        if (clip) v = v < 0 ? 0 : v > 1 ? 1 : v;
        out[i] = map(v);
      }
      return out;
    },
  };
}
