/**
 * Targets of an image loss as the graph reads them: the per-row target and the per-row signed scale
 * (wᵢ / Σw, divided by the outputs for element-wise losses), so the graph's loss equals the TypeScript
 * losses' weighted mean (`binaryCrossEntropy()`, `categoricalCrossEntropy()`, `meanSquaredError()`).
 */
import type { Matrix } from '../backend/matrix.js';
import { LearnError } from '../learn-error.js';
import type { Targets } from '../losses/loss.js';
import { validateLabels } from '../model/validate-input.js';
import type { ImageLossName } from './image-loss.js';

/**
 * Checks targets against the image count and the model's outputs for `loss`: label count, class range,
 * matrix shape, finite values. `training` also requires two classes in class labels.
 *
 * @example
 * ```ts
 * checkImageTargets(Int32Array.of(0, 1, 1), 3, 'binaryCrossEntropy', 1, true); // ok
 * checkImageTargets(Int32Array.of(0, 1), 3, 'binaryCrossEntropy', 1, true);    // throws learn/shape-mismatch
 * ```
 */
export function checkImageTargets(y: Targets, images: number, loss: ImageLossName, outputs: number, training: boolean, what = 'labels'): void {
  if (y instanceof Int32Array) {
    if (y.length !== images) {
      throw new LearnError('learn/shape-mismatch', `${y.length} ${what} for ${images} images`, { details: { expected: images, got: y.length } });
    }
    if (loss !== 'categoricalCrossEntropy' && outputs !== 1) {
      throw new LearnError('learn/shape-mismatch', `class labels need one output for ${loss}; the model has ${outputs}`, { hint: 'give a [n, outputs] target matrix, or use categoricalCrossEntropy' });
    }
    const classes = loss === 'categoricalCrossEntropy' ? outputs : loss === 'binaryCrossEntropy' ? 2 : undefined;
    if (training && classes !== undefined) validateLabels(y, images, classes, what);
    else {
      for (let i = 0; i < y.length; i++) {
        const v = y[i]!;
        if (classes !== undefined && !(v >= 0 && v < classes)) throw new LearnError('learn/bad-argument', `${what}[${i}] = ${v} is not a class index in [0, ${classes})`);
      }
    }
    return;
  }
  if (y.rows !== images || y.cols !== outputs) {
    throw new LearnError('learn/shape-mismatch', `${what} are ${y.rows} × ${y.cols}; expected ${images} × ${outputs} (images × model outputs)`, { details: { expected: [images, outputs], got: [y.rows, y.cols] } });
  }
  for (let i = 0; i < y.data.length; i++) {
    if (!Number.isFinite(y.data[i]!)) throw new LearnError('learn/non-finite-input', `${what} hold a non-finite value at row ${Math.floor(i / y.cols)}`);
  }
}

/** One batch's target and scale arrays and their dims. */
export interface BatchTargets {
  readonly target: Float32Array;
  readonly targetDims: readonly number[];
  readonly scale: Float32Array;
  readonly scaleDims: readonly number[];
}

/**
 * The target and scale feeds for rows `indices` of `y` (weights `w` per image, default 1).
 *
 * @example
 * ```ts
 * batchTargets('binaryCrossEntropy', 1, Int32Array.of(0, 1), [1, 0], undefined, 0);
 * // target [[1, 0], [0, 1]] (rows 1 − y, y: rows of the batch in order), scale [-0.5, -0.5]
 * ```
 */
export function batchTargets(loss: ImageLossName, outputs: number, y: Targets, indices: ArrayLike<number>, w: ArrayLike<number> | undefined, labelSmoothing: number): BatchTargets {
  const n = indices.length, k = outputs;
  let total = 0;
  for (let r = 0; r < n; r++) total += w === undefined ? 1 : w[indices[r]!]!;
  if (!(total > 0)) throw new LearnError('learn/bad-argument', 'the sample weights of a batch sum to zero');
  const value = (r: number, j: number): number => (y instanceof Int32Array ? y[indices[r]!]! : (y as Matrix).data[indices[r]! * k + j]!);
  const weight = (r: number): number => (w === undefined ? 1 : w[indices[r]!]!);
  if (loss === 'binaryCrossEntropy') {
    const target = new Float32Array(n * k * 2), scale = new Float32Array(n * k);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < k; j++) {
        const t = value(r, j), i = r * k + j;
        target[2 * i] = 1 - t;
        target[2 * i + 1] = t;
        scale[i] = -weight(r) / (total * k);
      }
    }
    return { target, targetDims: [n * k, 2], scale, scaleDims: [n * k, 1] };
  }
  const target = new Float32Array(n * k), scale = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    if (loss === 'categoricalCrossEntropy') {
      scale[r] = -weight(r) / total;
      if (y instanceof Int32Array) {
        target.fill(labelSmoothing / k, r * k, (r + 1) * k);
        target[r * k + value(r, 0)]! += 1 - labelSmoothing;
      } else {
        for (let j = 0; j < k; j++) target[r * k + j] = (1 - labelSmoothing) * value(r, j) + labelSmoothing / k;
      }
    } else {
      scale[r] = weight(r) / (total * k);
      for (let j = 0; j < k; j++) target[r * k + j] = value(r, j);
    }
  }
  return { target, targetDims: [n, k], scale, scaleDims: [n, 1] };
}
