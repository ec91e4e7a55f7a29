import type { Interval } from '../interval/interval.js';
import { percentileInterval } from '../interval/percentile-interval.js';
import { stackChannels, type Raster } from '../raster/raster.js';
import { asinhStretch } from '../stretch/asinh-stretch.js';
import type { Stretch } from '../stretch/stretch.js';
import { stretchValues } from '../stretch/stretch-values.js';
import { orderBands, type NamedBands } from './band-order.js';

/**
 * Options of {@link compositeBands}.
 *
 * @example
 * ```ts
 * const o: CompositeOptions = { order: SDSS_GRI_TO_RGB, interval: zscaleInterval(), stretch: asinhStretch(0.05) };
 * ```
 */
export interface CompositeOptions {
  /** Band for each output channel, in channel order (see `orderBands`). Default: the bands as given. */
  readonly order?: readonly (string | number)[];
  /** Limits taken per band (default `percentileInterval(99.5)`). */
  readonly interval?: Interval;
  /** Applied per band after the interval (default `asinhStretch(0.1)`). */
  readonly stretch?: Stretch;
  /** One interval from all bands together instead of one per band (keeps relative colours). Default false. */
  readonly sharedLimits?: boolean;
}

/**
 * N bands → C channels, each band stretched (interval, clip to [0, 1], stretch; NaN → 0) and placed in the
 * channel its `order` says. The result is float32 HWC in [0, 1], ready for `toModelInput` or `toUint8`.
 *
 * @example
 * ```ts
 * const rgb = compositeBands({ g, r, i }, { order: SDSS_GRI_TO_RGB }); // channels 3: R=i, G=r, B=g
 * ```
 */
export function compositeBands(bands: NamedBands | readonly Raster[], options: CompositeOptions = {}): Raster<Float32Array> {
  const list = Array.isArray(bands) ? (bands as readonly Raster[]) : Object.values(bands as NamedBands);
  const chosen = options.order ? orderBands(bands, options.order) : [...list];
  const interval = options.interval ?? percentileInterval(99.5);
  const stretch = options.stretch ?? asinhStretch();
  let fixed: Interval | undefined;
  if (options.sharedLimits) {
    const all = new Float64Array(chosen.reduce((n, b) => n + b.data.length, 0));
    let at = 0;
    for (const b of chosen) { all.set(b.data, at); at += b.data.length; }
    const limits = interval.limits(all);
    fixed = { kind: interval.kind, limits: () => limits };
  }
  const planes = chosen.map((b) => {
    const v = stretchValues(b.data, fixed ?? interval, stretch);
    for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i]!)) v[i] = 0;
    return { width: b.width, height: b.height, channels: 1, data: v };
  });
  return stackChannels(planes);
}
