import type { FloatArray, Matrix } from '../backend/matrix.js';
import { logistic } from '../layers/sigmoid.js';
import { elementwiseLoss, type Loss, type Targets } from './loss.js';

/**
 * Binary cross-entropy on logits, as PyTorch's `BCEWithLogitsLoss` (Keras: `from_logits=True`), in the
 * stable form max(x, 0) − x·y + log(1 + e^−|x|); gradient σ(x) − y. Targets: 0/1 labels (`Int32Array`,
 * one output column) or a float matrix of probabilities (multi-label).
 *
 * @example
 * ```ts
 * import { binaryCrossEntropy, matrix } from '@kenobi/learn';
 * binaryCrossEntropy().compute(matrix(2, 1, [0, 100]), Int32Array.of(1, 1)); // (ln 2 + ~0) / 2 ≈ 0.3466
 * ```
 */
export function binaryCrossEntropy(): Loss {
  return {
    name: 'binaryCrossEntropy',
    compute(pred: Matrix, target: Targets, grad?: FloatArray, sampleWeight?: ArrayLike<number>): number {
      return elementwiseLoss(pred, target, grad, sampleWeight, (x, y) => [
        Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x))),
        logistic(x) - y,
      ]);
    },
    config: () => ({}),
  };
}
