import type { FloatArray, Matrix } from '../backend/matrix.js';
import { LearnError } from '../learn-error.js';
import { weightTotal, type Loss, type Targets } from './loss.js';

/** Options of {@link categoricalCrossEntropy}. */
export interface CategoricalCrossEntropyOptions {
  /**
   * ε in [0, 1): the target becomes (1 − ε)·one-hot + ε/K, as PyTorch's `label_smoothing` and Keras's
   * `label_smoothing` (both spread ε over all K classes). Default 0.
   */
  readonly labelSmoothing?: number;
}

/**
 * Softmax cross-entropy on logits with integer class targets (PyTorch `CrossEntropyLoss`; Keras
 * `SparseCategoricalCrossentropy(from_logits=True)`): logsumexp(x) − Σₖ qₖxₖ, gradient softmax(x) − q.
 * Targets may also be a matrix of class probabilities (rows sum to 1), used as q directly.
 *
 * @example
 * ```ts
 * categoricalCrossEntropy({ labelSmoothing: 0.1 }).compute(logits, Int32Array.of(2, 0, 1));
 * ```
 */
export function categoricalCrossEntropy(options: CategoricalCrossEntropyOptions = {}): Loss {
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps < 1)) throw new LearnError('learn/bad-argument', `labelSmoothing must be in [0, 1), got ${eps}`);
  return {
    name: 'categoricalCrossEntropy',
    compute(pred: Matrix, target: Targets, grad?: FloatArray, sampleWeight?: ArrayLike<number>): number {
      const { rows, cols: k } = pred;
      const x = pred.data;
      const sparse = target instanceof Int32Array;
      if (sparse ? target.length !== rows : target.rows !== rows || target.cols !== k) {
        throw new LearnError('learn/shape-mismatch', `categorical targets do not match ${rows} × ${k} logits`);
      }
      const denom = weightTotal(sampleWeight, rows);
      const q = new Float64Array(k);
      const p = new Float64Array(k);
      let total = 0;
      for (let r = 0; r < rows; r++) {
        const o = r * k;
        if (sparse) {
          const label = target[r]!;
          if (!(label >= 0 && label < k)) throw new LearnError('learn/bad-argument', `label ${label} at row ${r} is outside [0, ${k})`);
          q.fill(eps / k);
          q[label] += 1 - eps;
        } else {
          for (let j = 0; j < k; j++) q[j] = (1 - eps) * target.data[o + j]! + eps / k;
        }
        let max = -Infinity;
        for (let j = 0; j < k; j++) max = Math.max(max, x[o + j]!);
        let sum = 0;
        for (let j = 0; j < k; j++) {
          p[j] = Math.exp(x[o + j]! - max);
          sum += p[j]!;
        }
        const lse = max + Math.log(sum);
        let l = 0;
        for (let j = 0; j < k; j++) l += q[j]! * (lse - x[o + j]!);
        const w = sampleWeight === undefined ? 1 : sampleWeight[r]!;
        total += w * l;
        if (grad) for (let j = 0; j < k; j++) grad[o + j] = (w * (p[j]! / sum - q[j]!)) / denom;
      }
      return total / denom;
    },
    config: () => ({ labelSmoothing: eps }),
  };
}
