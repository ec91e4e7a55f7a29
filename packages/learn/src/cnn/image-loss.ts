/**
 * The losses an image model trains with, as ONNX nodes on the model's logits. Only ops that
 * `@kenobi/autodiff` differentiates (LogSoftmax, Concat, Reshape, Sub, Mul, ReduceSum), in stable forms:
 * binary cross-entropy is a two-class log-softmax of [0, z], i.e. log σ(z) and log σ(−z) without overflow.
 */
import type { GraphBuilder } from '@kenobi/onnx';
import { LearnError } from '../learn-error.js';

/**
 * The losses of image models (names as `LOSS_NAMES`; Keras: binary_crossentropy, categorical_crossentropy /
 * sparse_categorical_crossentropy, mse).
 *
 * @example
 * ```ts
 * import { IMAGE_LOSSES } from '@kenobi/learn';
 * IMAGE_LOSSES; // ['binaryCrossEntropy', 'categoricalCrossEntropy', 'meanSquaredError']
 * ```
 */
export const IMAGE_LOSSES = Object.freeze(['binaryCrossEntropy', 'categoricalCrossEntropy', 'meanSquaredError'] as const);
/** One of {@link IMAGE_LOSSES}. */
export type ImageLossName = (typeof IMAGE_LOSSES)[number];

/**
 * Throws `learn/bad-argument` unless `name` is one of {@link IMAGE_LOSSES}.
 *
 * @example
 * ```ts
 * checkImageLoss('binaryCrossEntropy'); // ok
 * ```
 */
export function checkImageLoss(name: unknown): ImageLossName {
  if (!(IMAGE_LOSSES as readonly unknown[]).includes(name)) {
    throw new LearnError('learn/bad-argument', `unknown image loss ${JSON.stringify(name)}`, { hint: `use one of ${IMAGE_LOSSES.join(', ')}` });
  }
  return name as ImageLossName;
}

/** The graph inputs a loss reads, and its output. */
export interface LossPorts {
  /** binaryCrossEntropy: [N·k, 2] rows (1 − y, y); categorical: [N, k] distributions; MSE: [N, k] values. */
  readonly target: string;
  /** Per row of `target`: the signed weight wᵢ / denominator (negative for the cross-entropies). */
  readonly scale: string;
  /** The scalar loss. */
  readonly loss: string;
}

/**
 * Adds the loss of `prediction` ([N, k]: logits for the cross-entropies, raw outputs for MSE) with inputs
 * `target` and `scale`; loss = Σ scale ⊙ (target ⊙ log-probabilities | squared error).
 *
 * @example
 * ```ts
 * const { loss } = emitLoss(b, g.logits, 'binaryCrossEntropy', 1); // 'loss', a scalar
 * ```
 */
export function emitLoss(b: GraphBuilder, prediction: string, name: ImageLossName, outputs: number): LossPorts {
  if (name === 'meanSquaredError') {
    const target = b.input('target', 'float32', ['N', outputs]);
    const scale = b.input('scale', 'float32', ['N', 1]);
    const d = b.sub(prediction, target, { name: 'loss/error' });
    const weighted = b.mul(b.mul(d, d, { name: 'loss/squared' }), scale, { name: 'loss/weighted' });
    return { target, scale, loss: sumAll(b, weighted) };
  }
  let z = prediction;
  let target: string, scale: string;
  if (name === 'binaryCrossEntropy') {
    target = b.input('target', 'float32', ['M', 2]);
    scale = b.input('scale', 'float32', ['M', 1]);
    if (outputs !== 1) z = b.reshape(z, [-1, 1], { name: 'loss/per_output' });
    const zero = b.mul(z, b.constant([0], []), { name: 'loss/zero' });
    z = b.concat([zero, z], { axis: 1, name: 'loss/two_class' });
  } else {
    target = b.input('target', 'float32', ['N', outputs]);
    scale = b.input('scale', 'float32', ['N', 1]);
  }
  const logProbabilities = b.logSoftmax(z, { axis: 1, name: 'loss/log_probabilities' });
  const weighted = b.mul(b.mul(logProbabilities, target, { name: 'loss/picked' }), scale, { name: 'loss/weighted' });
  return { target, scale, loss: sumAll(b, weighted) };
}

function sumAll(b: GraphBuilder, x: string): string {
  const [loss] = b.node('ReduceSum', [x], { keepdims: 0 }, { name: 'loss', outputs: ['loss'] });
  b.setShape(loss!, []);
  return loss!;
}
