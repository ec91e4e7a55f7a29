/**
 * The resampling filters {@link resize} offers, as in Pillow: `bilinear` (triangle, support 1) and `box`
 * (area average, support 0.5). Both widen with the scale factor when shrinking (antialiasing), as Pillow's
 * `Image.resize` and torchvision's `resize(antialias=True)` do.
 *
 * @example
 * ```ts
 * RESAMPLE_FILTERS; // ['bilinear', 'box']
 * ```
 */
export const RESAMPLE_FILTERS = Object.freeze(['bilinear', 'box'] as const);

/** One of {@link RESAMPLE_FILTERS}. @example `const f: ResampleFilter = 'bilinear';` */
export type ResampleFilter = (typeof RESAMPLE_FILTERS)[number];

/**
 * Per output pixel along one axis: the first input index, the tap count, and `kernelSize` weights
 * (normalised to sum 1), exactly as Pillow's `precompute_coeffs` (Resample.c) computes them.
 *
 * @example
 * ```ts
 * const c = resampleCoefficients(451, 256, 'bilinear'); // c.bounds[2*j] = first tap of output j
 * ```
 */
export interface ResampleCoefficients {
  readonly kernelSize: number;
  readonly bounds: Int32Array;
  readonly weights: Float64Array;
}

/**
 * Pillow's `precompute_coeffs` for an axis of `inSize` samples resized to `outSize` (no box offset).
 *
 * @example
 * ```ts
 * resampleCoefficients(4, 2, 'bilinear').weights; // [0.125, 0.375, 0.375, 0.125, ...]
 * ```
 */
export function resampleCoefficients(inSize: number, outSize: number, filter: ResampleFilter): ResampleCoefficients {
  const support0 = filter === 'bilinear' ? 1 : 0.5;
  const kernel = filter === 'bilinear' ? bilinear : box;
  const scale = inSize / outSize;
  const filterscale = scale < 1 ? 1 : scale;
  const support = support0 * filterscale;
  const kernelSize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Float64Array(outSize * kernelSize);
  const ss = 1 / filterscale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    // NOTE: C's (int) cast truncates toward zero; Math.trunc keeps that for negative arguments.
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    const k = xx * kernelSize;
    for (let x = 0; x < xmax; x++) {
      const w = kernel((x + xmin - center + 0.5) * ss);
      weights[k + x] = w;
      ww += w;
    }
    if (ww !== 0) for (let x = 0; x < xmax; x++) weights[k + x]! /= ww;
    bounds[2 * xx] = xmin;
    bounds[2 * xx + 1] = xmax;
  }
  return { kernelSize, bounds, weights };
}

function bilinear(x: number): number {
  const a = x < 0 ? -x : x;
  return a < 1 ? 1 - a : 0;
}

function box(x: number): number {
  return x > -0.5 && x <= 0.5 ? 1 : 0;
}
