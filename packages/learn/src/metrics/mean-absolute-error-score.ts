import { pairedInput } from './metric-input.js';
import { pairwiseSum } from './pairwise-sum.js';

/**
 * Mean absolute error of predictions (scikit-learn `mean_absolute_error`, single output).
 *
 * @example
 * ```ts
 * mae([1, 2, 3], [1, 2, 5]); // 2/3
 * ```
 */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const [t, p] = pairedInput(yTrue, yPred, 'mae');
  return pairwiseSum(t.map((v, i) => Math.abs(v - p[i]!))) / t.length;
}
