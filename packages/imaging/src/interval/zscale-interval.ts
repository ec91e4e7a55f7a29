import { requireArgument } from '../imaging-error.js';
import { finiteValues } from './finite-values.js';
import type { Interval, IntervalLimits } from './interval.js';

/**
 * Parameters of {@link zscaleInterval}; the defaults are astropy's (and IRAF's).
 *
 * @example
 * ```ts
 * const o: ZScaleOptions = { contrast: 0.1 };
 * ```
 */
export interface ZScaleOptions {
  /** Most samples taken from the image (default 1000). */
  readonly nSamples?: number;
  /** The slope is divided by this (default 0.25); 0 or less keeps the fitted slope. */
  readonly contrast?: number;
  /** Largest fraction of samples that may be rejected before giving up the fit (default 0.5). */
  readonly maxReject?: number;
  /** Fewest samples that must stay in the fit (default 5). */
  readonly minNpixels?: number;
  /** Rejection threshold in standard deviations of the residuals (default 2.5). */
  readonly krej?: number;
  /** Most rejection iterations (default 5). */
  readonly maxIterations?: number;
}

/**
 * The IRAF zscale algorithm exactly as astropy 5.2 `ZScaleInterval` runs it: take the finite values in
 * memory order, keep every `stride = int(max(1, n / nSamples))`-th up to `nSamples`, sort them, fit a line to
 * (index, value) with iterative `krej`-sigma rejection (rejected samples dilated by `max(1, int(npix * 0.01))`
 * with numpy's `convolve(mode='same')` alignment), then limit the range to the median ± the slope divided by
 * `contrast`, never beyond the sample min/max. When too many samples are rejected the sample min/max are
 * returned.
 *
 * @example
 * ```ts
 * const [vmin, vmax] = zscaleInterval().limits(band.data); // e.g. [-0.0205, 0.0519] for an SDSS g frame
 * ```
 */
export function zscaleInterval(options: ZScaleOptions = {}): Interval {
  const nSamples = options.nSamples ?? 1000;
  const contrast = options.contrast ?? 0.25;
  const maxReject = options.maxReject ?? 0.5;
  const minNpixels = options.minNpixels ?? 5;
  const krej = options.krej ?? 2.5;
  const maxIterations = options.maxIterations ?? 5;
  requireArgument(Number.isInteger(nSamples) && nSamples >= 1, `nSamples must be a positive integer, got ${nSamples}`);
  return {
    kind: 'zscale',
    limits(values: ArrayLike<number>): IntervalLimits {
      const samples = zscaleSamples(finiteValues(values), nSamples);
      return zscaleLimits(samples, { contrast, maxReject, minNpixels, krej, maxIterations });
    },
  };
}

/** astropy's sampling: `values[::stride][:n_samples]`, sorted. */
function zscaleSamples(values: Float64Array, nSamples: number): Float64Array {
  const stride = Math.trunc(Math.max(1, values.length / nSamples));
  const n = Math.min(nSamples, Math.ceil(values.length / stride));
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) samples[i] = values[i * stride]!;
  return samples.sort();
}

function zscaleLimits(
  samples: Float64Array,
  o: { contrast: number; maxReject: number; minNpixels: number; krej: number; maxIterations: number },
): IntervalLimits {
  const npix = samples.length;
  let vmin = samples[0]!;
  let vmax = samples[npix - 1]!;
  const minpix = Math.max(o.minNpixels, Math.trunc(npix * o.maxReject));
  let ngoodpix = npix;
  let lastNgoodpix = npix + 1;
  let bad: Uint8Array = new Uint8Array(npix);
  const ngrow = Math.max(1, Math.trunc(npix * 0.01));
  const flat = new Float64Array(npix);
  let slope = 0;
  for (let iter = 0; iter < o.maxIterations; iter++) {
    if (ngoodpix >= lastNgoodpix || ngoodpix < minpix) break;
    const [s, intercept] = fitLine(samples, bad);
    slope = s;
    for (let i = 0; i < npix; i++) flat[i] = samples[i]! - (s * i + intercept);
    const threshold = o.krej * goodStd(flat, bad);
    for (let i = 0; i < npix; i++) if (flat[i]! < -threshold || flat[i]! > threshold) bad[i] = 1;
    bad = dilateSame(bad, ngrow);
    lastNgoodpix = ngoodpix;
    ngoodpix = 0;
    for (let i = 0; i < npix; i++) if (bad[i] === 0) ngoodpix++;
  }
  if (ngoodpix >= minpix) {
    if (o.contrast > 0) slope /= o.contrast;
    const centerPixel = Math.floor((npix - 1) / 2);
    const median = npix % 2 === 1 ? samples[(npix - 1) / 2]! : (samples[npix / 2 - 1]! + samples[npix / 2]!) / 2;
    vmin = Math.max(vmin, median - (centerPixel - 1) * slope);
    vmax = Math.min(vmax, median + (npix - centerPixel) * slope);
  }
  return [vmin, vmax];
}

/** Least-squares line through (i, y[i]) over the good samples: numpy `polyfit(x, y, 1, w=good)`. */
function fitLine(y: Float64Array, bad: Uint8Array): [slope: number, intercept: number] {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < y.length; i++) {
    if (bad[i]) continue;
    n++;
    sx += i;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < y.length; i++) {
    if (bad[i]) continue;
    const dx = i - mx;
    sxx += dx * dx;
    sxy += dx * (y[i]! - my);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return [slope, my - slope * mx];
}

/** Population standard deviation of the good residuals (numpy `std`, ddof 0). */
function goodStd(flat: Float64Array, bad: Uint8Array): number {
  let n = 0;
  let s = 0;
  for (let i = 0; i < flat.length; i++) if (!bad[i]) { n++; s += flat[i]!; }
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < flat.length; i++) if (!bad[i]) { const d = flat[i]! - mean; ss += d * d; }
  return Math.sqrt(ss / n);
}

/** numpy `convolve(bad, ones(k), mode='same') > 0`: output m covers inputs m + off - (k - 1) .. m + off. */
function dilateSame(bad: Uint8Array, k: number): Uint8Array {
  if (k === 1) return bad;
  const off = (k - 1) >> 1;
  const n = bad.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!bad[i]) continue;
    const lo = Math.max(0, i - off);
    const hi = Math.min(n - 1, i + (k - 1) - off);
    for (let m = lo; m <= hi; m++) out[m] = 1;
  }
  return out;
}
