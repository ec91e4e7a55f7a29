/**
 * The shape of one sample's activation inside an image model, without the batch axis. Kenobi runs NCHW
 * (ONNX's Conv layout), so an image activation is `[channels, height, width]`; after `flatten` or a global
 * pool it is `[features]`. Summaries print Keras's channels-last form so they read like Keras.
 */
import { LearnError } from '../learn-error.js';

/**
 * `[c, h, w]` (an image, NCHW without N) or `[features]` (flat).
 *
 * @example
 * ```ts
 * const image: ActivationShape = [32, 64, 64]; // Keras (None, 64, 64, 32)
 * const flat: ActivationShape = [32768];
 * ```
 */
export type ActivationShape = readonly [number, number, number] | readonly [number];

/**
 * Number of values per sample.
 *
 * @example
 * ```ts
 * shapeSize([32, 64, 64]); // 131072
 * ```
 */
export function shapeSize(shape: ActivationShape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Keras's printed output shape: channels-last with `None` for the batch.
 *
 * @example
 * ```ts
 * kerasShape([32, 64, 64]); // '(None, 64, 64, 32)'
 * kerasShape([64]);         // '(None, 64)'
 * ```
 */
export function kerasShape(shape: ActivationShape): string {
  const dims = shape.length === 3 ? [shape[1], shape[2], shape[0]] : [shape[0]];
  return `(None, ${dims.join(', ')})`;
}

/**
 * The NCHW activation shape of a Keras `inputShape` `[height, width, channels]`, validated.
 *
 * @example
 * ```ts
 * fromKerasInputShape([64, 64, 3]); // [3, 64, 64]
 * ```
 */
export function fromKerasInputShape(inputShape: readonly number[]): readonly [number, number, number] {
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new LearnError('learn/bad-argument', `inputShape must be [height, width, channels] of positive integers (Keras channels-last), got [${inputShape.join(', ')}]`);
  }
  return [inputShape[2]!, inputShape[0]!, inputShape[1]!];
}

/**
 * Throws `learn/shape-mismatch` unless `shape` is an image `[c, h, w]`.
 *
 * @example
 * ```ts
 * const [c, h, w] = requireImage([8, 16, 16], 'conv2d_1');
 * ```
 */
export function requireImage(shape: ActivationShape, layer: string): readonly [number, number, number] {
  if (shape.length !== 3) {
    throw new LearnError('learn/shape-mismatch', `${layer} needs an image input (height, width, channels), got ${kerasShape(shape)}`, { hint: 'put image layers before flatten()' });
  }
  return shape;
}

/**
 * Throws `learn/shape-mismatch` unless `shape` is flat `[features]`.
 *
 * @example
 * ```ts
 * const [features] = requireFlat([512], 'dense');
 * ```
 */
export function requireFlat(shape: ActivationShape, layer: string): readonly [number] {
  if (shape.length !== 1) {
    throw new LearnError('learn/shape-mismatch', `${layer} needs flat features, got ${kerasShape(shape)}`, { hint: 'add flatten() or globalAveragePooling2d() before it' });
  }
  return shape;
}
