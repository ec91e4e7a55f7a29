import type { FloatArray, Matrix } from '../backend/matrix.js';
import { LearnError } from '../learn-error.js';

/**
 * Targets for training and losses: class indices (`Int32Array`, one per row) or a float matrix with the
 * model's output shape (regression, or 0/1 for binary cross-entropy).
 *
 * @example
 * ```ts
 * const labels: Targets = Int32Array.of(0, 1, 1);
 * const redshifts: Targets = matrix(3, 1, [0.1, 0.4, 0.25]);
 * ```
 */
export type Targets = Int32Array | Matrix;

/**
 * Every loss `@kenobi/learn` knows.
 *
 * @example
 * ```ts
 * import { LOSS_NAMES } from '@kenobi/learn';
 * LOSS_NAMES; // ['binaryCrossEntropy', 'categoricalCrossEntropy', 'meanSquaredError', 'meanAbsoluteError', 'huber']
 * ```
 */
export const LOSS_NAMES = Object.freeze(['binaryCrossEntropy', 'categoricalCrossEntropy', 'meanSquaredError', 'meanAbsoluteError', 'huber'] as const);
/** One of {@link LOSS_NAMES}. */
export type LossName = (typeof LOSS_NAMES)[number];

/**
 * A loss on the model's raw outputs. Reduction: per-sample losses (mean over a sample's outputs) averaged
 * over the batch; with sample weights wᵢ it is Σ wᵢ·Lᵢ / Σ wᵢ (PyTorch's `CrossEntropyLoss(weight=...)`
 * normalisation; Keras divides by the batch size instead, which differs only per batch, not in expectation
 * for `'balanced'` weights).
 *
 * @example
 * ```ts
 * const grad = new Float64Array(logits.data.length);
 * const value = binaryCrossEntropy().compute(logits, labels, grad); // grad = dL/dlogits
 * ```
 */
export interface Loss {
  readonly name: LossName;
  /** Mean loss; when `grad` is given it receives dL/dpred (same layout as `pred.data`). */
  compute(pred: Matrix, target: Targets, grad?: FloatArray, sampleWeight?: ArrayLike<number>): number;
  /** JSON-serialisable options. */
  config(): Readonly<Record<string, unknown>>;
}

/**
 * Σ of the sample weights (or the row count), validated.
 *
 * @example
 * ```ts
 * weightTotal(undefined, 4);          // 4
 * weightTotal([1, 2, 0, 1], 4);       // 4
 * ```
 */
export function weightTotal(sampleWeight: ArrayLike<number> | undefined, rows: number): number {
  if (sampleWeight === undefined) return rows;
  if (sampleWeight.length !== rows) throw new LearnError('learn/shape-mismatch', `${sampleWeight.length} sample weights for ${rows} rows`);
  let s = 0;
  for (let i = 0; i < rows; i++) s += sampleWeight[i]!;
  if (!(s > 0)) throw new LearnError('learn/bad-argument', 'sample weights sum to zero');
  return s;
}

/**
 * The float target for row r, column j: a class label (0/1) or a matrix entry; checks the shape once.
 *
 * @example
 * ```ts
 * const t = floatTargets(Int32Array.of(0, 1), 2, 1); // (r, j) => 0 or 1
 * ```
 */
export function floatTargets(target: Targets, rows: number, cols: number): (r: number, j: number) => number {
  if (target instanceof Int32Array) {
    if (cols !== 1 || target.length !== rows) {
      throw new LearnError('learn/shape-mismatch', `${target.length} labels for ${rows} × ${cols} outputs (class labels need one output column)`);
    }
    return (r) => target[r]!;
  }
  if (target.rows !== rows || target.cols !== cols) {
    throw new LearnError('learn/shape-mismatch', `targets are ${target.rows} × ${target.cols}, outputs ${rows} × ${cols}`);
  }
  const d = target.data;
  return (r, j) => d[r * cols + j]!;
}

/**
 * Shared body of the element-wise losses: `elem(pred, target)` returns [loss, dloss/dpred].
 *
 * @example
 * ```ts
 * elementwiseLoss(pred, y, grad, w, (p, t) => [(p - t) ** 2, 2 * (p - t)]); // MSE
 * ```
 */
export function elementwiseLoss(
  pred: Matrix,
  target: Targets,
  grad: FloatArray | undefined,
  sampleWeight: ArrayLike<number> | undefined,
  elem: (p: number, t: number) => readonly [number, number],
): number {
  const { rows, cols } = pred;
  const t = floatTargets(target, rows, cols);
  const denom = weightTotal(sampleWeight, rows) * cols;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[r]!;
    for (let j = 0; j < cols; j++) {
      const i = r * cols + j;
      const [l, d] = elem(pred.data[i]!, t(r, j));
      total += w * l;
      if (grad) grad[i] = (w * d) / denom;
    }
  }
  return total / denom;
}
