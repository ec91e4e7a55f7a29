import { pairwiseSum } from './pairwise-sum.js';
import { precisionRecallCurve } from './precision-recall-curve.js';

/**
 * Average precision, Σₙ (Rₙ − Rₙ₋₁)·Pₙ, the step-function area under the PR curve, as scikit-learn's
 * `average_precision_score` for binary targets (no interpolation).
 *
 * @example
 * ```ts
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333
 * ```
 */
export function averagePrecision(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: { posLabel?: number } = {}): number {
  const { precision, recall } = precisionRecallCurve(yTrue, yScore, options);
  const terms = new Float64Array(recall.length - 1);
  for (let i = 0; i < terms.length; i++) terms[i] = (recall[i + 1]! - recall[i]!) * precision[i]!;
  return -pairwiseSum(terms);
}
