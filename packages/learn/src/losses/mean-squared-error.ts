import type { FloatArray, Matrix } from '../backend/matrix.js';
import { elementwiseLoss, type Loss, type Targets } from './loss.js';

/**
 * Mean squared error over every output (PyTorch `MSELoss`, Keras `MeanSquaredError`).
 *
 * @example
 * ```ts
 * meanSquaredError().compute(matrix(2, 1, [1, 3]), matrix(2, 1, [0, 0])); // 5
 * ```
 */
export function meanSquaredError(): Loss {
  return {
    name: 'meanSquaredError',
    compute(pred: Matrix, target: Targets, grad?: FloatArray, sampleWeight?: ArrayLike<number>): number {
      return elementwiseLoss(pred, target, grad, sampleWeight, (x, y) => [(x - y) * (x - y), 2 * (x - y)]);
    },
    config: () => ({}),
  };
}
