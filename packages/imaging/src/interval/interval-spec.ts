import { ImagingError } from '../imaging-error.js';
import type { Interval } from './interval.js';
import { manualInterval } from './manual-interval.js';
import { minMaxInterval } from './minmax-interval.js';
import { asymmetricPercentileInterval, percentileInterval } from './percentile-interval.js';
import { zscaleInterval } from './zscale-interval.js';

/**
 * The interval names {@link parseInterval} knows.
 *
 * @example
 * ```ts
 * INTERVAL_NAMES; // ['minmax', 'zscale', 'percentile', 'manual']
 * ```
 */
export const INTERVAL_NAMES = Object.freeze(['minmax', 'zscale', 'percentile', 'manual'] as const);

/** One of {@link INTERVAL_NAMES}. @example `const n: IntervalName = 'zscale';` */
export type IntervalName = (typeof INTERVAL_NAMES)[number];

/**
 * An interval from a short text, as the CLI takes it: `minmax`, `zscale`, `percentile:99.5` (central
 * per cent), `percentile:1,99` (lower, upper), `manual:VMIN,VMAX`.
 *
 * @example
 * ```ts
 * parseInterval('percentile:99.5').kind; // 'percentile:99.5'
 * parseInterval('manual:0,1000').limits([]); // [0, 1000]
 * ```
 */
export function parseInterval(spec: string): Interval {
  const [name, arg] = splitSpec(spec);
  const nums = arg === undefined ? [] : arg.split(',').map(Number);
  const bad = (): never => {
    throw new ImagingError('imaging/invalid-argument', `cannot read interval '${spec}'`, {
      hint: 'use minmax, zscale, percentile:99.5, percentile:1,99 or manual:VMIN,VMAX',
    });
  };
  if (nums.some((x) => !Number.isFinite(x))) bad();
  switch (name) {
    case 'minmax':
      return arg === undefined ? minMaxInterval() : bad();
    case 'zscale':
      return arg === undefined ? zscaleInterval() : bad();
    case 'percentile':
      if (nums.length === 1) return percentileInterval(nums[0]!);
      if (nums.length === 2) return asymmetricPercentileInterval(nums[0]!, nums[1]!);
      return bad();
    case 'manual':
      return nums.length === 2 ? manualInterval(nums[0], nums[1]) : bad();
    default:
      return bad();
  }
}

/**
 * Splits a CLI spec at its first colon.
 *
 * @example
 * ```ts
 * splitSpec('percentile:1,99'); // ['percentile', '1,99']
 * splitSpec('zscale');          // ['zscale', undefined]
 * ```
 */
export function splitSpec(spec: string): [string, string | undefined] {
  const i = spec.indexOf(':');
  return i < 0 ? [spec.trim(), undefined] : [spec.slice(0, i).trim(), spec.slice(i + 1).trim()];
}
