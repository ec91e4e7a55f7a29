import { binaryClfCurve } from './binary-clf-curve.js';

/**
 * Precision–recall pairs as scikit-learn 1.2.1's `precision_recall_curve`: one point per
 * distinct score (no truncation at full recall in this version), returned with recall decreasing, then the
 * final point (precision 1, recall 0) without a threshold. With no positives, recall is 1 everywhere.
 *
 * @example
 * ```ts
 * const { precision, recall, thresholds } = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 * ```
 */
export function precisionRecallCurve(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  options: { posLabel?: number } = {},
): { precision: Float64Array; recall: Float64Array; thresholds: Float64Array } {
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, yScore, options.posLabel ?? 1);
  const n = tps.length;
  const total = tps[n - 1]!;
  const precision = new Float64Array(n + 1), recall = new Float64Array(n + 1), th = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const src = n - 1 - i;
    const ps = tps[src]! + fps[src]!;
    precision[i] = ps !== 0 ? tps[src]! / ps : 0;
    recall[i] = total === 0 ? 1 : tps[src]! / total;
    th[i] = thresholds[src]!;
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: th };
}
