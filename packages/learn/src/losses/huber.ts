import type { FloatArray, Matrix } from '../backend/matrix.js';
import { LearnError } from '../learn-error.js';
import { elementwiseLoss, type Loss, type Targets } from './loss.js';

/**
 * Huber loss (PyTorch `HuberLoss(delta)`, Keras `Huber(delta)`): ½d² for |d| < δ, else δ(|d| − ½δ).
 * Default δ = 1.
 *
 * @example
 * ```ts
 * huber({ delta: 1 }).compute(matrix(2, 1, [0.5, 3]), matrix(2, 1, [0, 0])); // (0.125 + 2.5) / 2
 * ```
 */
export function huber(options: { delta?: number } = {}): Loss {
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new LearnError('learn/bad-argument', `huber delta must be > 0, got ${delta}`);
  return {
    name: 'huber',
    compute(pred: Matrix, target: Targets, grad?: FloatArray, sampleWeight?: ArrayLike<number>): number {
      return elementwiseLoss(pred, target, grad, sampleWeight, (x, y) => {
        const d = x - y;
        const a = Math.abs(d);
        return a < delta ? [0.5 * d * d, d] : [delta * (a - 0.5 * delta), delta * Math.sign(d)];
      });
    },
    config: () => ({ delta }),
  };
}
