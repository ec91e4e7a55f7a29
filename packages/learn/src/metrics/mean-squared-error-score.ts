import { pairedInput } from './metric-input.js';
import { pairwiseSum } from './pairwise-sum.js';

/**
 * Mean squared error of predictions (scikit-learn `mean_squared_error`, single output).
 *
 * @example
 * ```ts
 * mse([1, 2, 3], [1, 2, 5]); // 4/3
 * ```
 */
export function mse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const [t, p] = pairedInput(yTrue, yPred, 'mse');
  return pairwiseSum(t.map((v, i) => (v - p[i]!) ** 2)) / t.length;
}
