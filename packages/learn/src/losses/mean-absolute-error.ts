import type { FloatArray, Matrix } from '../backend/matrix.js';
import { elementwiseLoss, type Loss, type Targets } from './loss.js';

/**
 * Mean absolute error (PyTorch `L1Loss`); the gradient at a zero residual is 0, as PyTorch's sign(0).
 *
 * @example
 * ```ts
 * meanAbsoluteError().compute(matrix(2, 1, [1, -3]), matrix(2, 1, [0, 0])); // 2
 * ```
 */
export function meanAbsoluteError(): Loss {
  return {
    name: 'meanAbsoluteError',
    compute(pred: Matrix, target: Targets, grad?: FloatArray, sampleWeight?: ArrayLike<number>): number {
      return elementwiseLoss(pred, target, grad, sampleWeight, (x, y) => [Math.abs(x - y), Math.sign(x - y)]);
    },
    config: () => ({}),
  };
}
