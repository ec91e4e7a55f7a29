import { binaryClfCurve } from './binary-clf-curve.js';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** Default 1. */
  readonly posLabel?: number;
  /** Drop points collinear with their neighbours (they do not change the curve or its area). Default true. */
  readonly dropIntermediate?: boolean;
}

/**
 * The ROC curve as scikit-learn 1.2.1 (the Debian version the fixtures come from) computes it: a sample is
 * predicted positive when score ≥ threshold; thresholds decrease; the first point is (0, 0) with threshold
 * max(score) + 1 (scikit-learn ≥ 1.3 writes +∞ there instead). With no negatives `fpr` is all NaN, with no
 * positives `tpr` is all NaN, as scikit-learn.
 *
 * @example
 * ```ts
 * const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [1.8, 0.8, 0.4, 0.35, 0.1]
 * ```
 */
export function rocCurve(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  options: RocCurveOptions = {},
): { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array } {
  let { fps, tps, thresholds } = binaryClfCurve(yTrue, yScore, options.posLabel ?? 1);
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const d2f = fps[i + 1]! - 2 * fps[i]! + fps[i - 1]!;
      const d2t = tps[i + 1]! - 2 * tps[i]! + tps[i - 1]!;
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]!);
    tps = Float64Array.from(keep, (i) => tps[i]!);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]!);
  }
  const n = fps.length + 1;
  const fpr = new Float64Array(n), tpr = new Float64Array(n), th = new Float64Array(n);
  const fTotal = fps[fps.length - 1]!, tTotal = tps[tps.length - 1]!;
  th[0] = thresholds[0]! + 1;
  for (let i = 0; i < n; i++) {
    const f = i === 0 ? 0 : fps[i - 1]!, t = i === 0 ? 0 : tps[i - 1]!;
    fpr[i] = fTotal <= 0 ? NaN : f / fTotal;
    tpr[i] = tTotal <= 0 ? NaN : t / tTotal;
    if (i > 0) th[i] = thresholds[i - 1]!;
  }
  return { fpr, tpr, thresholds: th };
}
