import { LearnError } from '../learn-error.js';
import { pairwiseSum } from './pairwise-sum.js';

/**
 * Area under a curve by the trapezoidal rule, as scikit-learn's `auc` (x must be monotonic; a decreasing x
 * gives the area with the sign flipped back, as scikit-learn does).
 *
 * @example
 * ```ts
 * auc([0, 0.5, 1], [0, 0.75, 1]); // 0.625
 * ```
 */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length || x.length < 2) throw new LearnError('learn/bad-argument', `auc needs two equal-length arrays of at least 2 points, got ${x.length} and ${y.length}`);
  let direction = 1;
  for (let i = 1; i < x.length; i++) {
    if (x[i]! < x[i - 1]!) {
      direction = -1;
      break;
    }
  }
  if (direction === -1) {
    for (let i = 1; i < x.length; i++) {
      if (x[i]! > x[i - 1]!) throw new LearnError('learn/bad-argument', 'auc: x is neither increasing nor decreasing');
    }
  }
  const terms = new Float64Array(x.length - 1);
  for (let i = 0; i < terms.length; i++) terms[i] = ((x[i + 1]! - x[i]!) * (y[i + 1]! + y[i]!)) / 2;
  return direction * pairwiseSum(terms);
}
