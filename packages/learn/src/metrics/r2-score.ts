import { pairedInput } from './metric-input.js';
import { pairwiseSum } from './pairwise-sum.js';

/**
 * Coefficient of determination 1 − SS_res / SS_tot (scikit-learn `r2_score`, `force_finite=True`: a
 * constant truth gives 1 for a perfect prediction, else 0).
 *
 * @example
 * ```ts
 * r2Score([1, 2, 3], [1, 2, 3]); // 1
 * ```
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const [t, p] = pairedInput(yTrue, yPred, 'r2Score');
  const numerator = pairwiseSum(t.map((v, i) => (v - p[i]!) ** 2));
  const mean = pairwiseSum(t) / t.length;
  const denominator = pairwiseSum(t.map((v) => (v - mean) ** 2));
  if (denominator === 0) return numerator === 0 ? 1 : 0;
  return 1 - numerator / denominator;
}
