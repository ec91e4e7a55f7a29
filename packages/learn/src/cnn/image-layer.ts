/**
 * What a layer of an image model is: it infers its output shape, allocates its weights from the model's
 * seeded generator, and writes its ONNX nodes into a graph (inference, training or export). Weights are
 * {@link Param}s (value + grad Float32Arrays), so the optimizers of `@kenobi/learn` update them unchanged.
 */
import type { SeededRandom } from '@kenobi/core';
import type { GraphBuilder } from '@kenobi/onnx';
import type { Buffer, LayerConfig, LayerType, Param } from '../layers/layer.js';
import type { ActivationShape } from './activation-shape.js';

/**
 * The image-only layer types (Keras names in camelCase). Image models also take the head layers of
 * `LAYER_TYPES` (dense, activations, dropout, batchNormalization over channels).
 *
 * @example
 * ```ts
 * import { IMAGE_LAYER_TYPES } from '@kenobi/learn';
 * IMAGE_LAYER_TYPES.includes('conv2d'); // true
 * ```
 */
export const IMAGE_LAYER_TYPES = Object.freeze(['conv2d', 'maxPooling2d', 'averagePooling2d', 'globalAveragePooling2d', 'flatten', 'spatialDropout2d'] as const);
/** One of {@link IMAGE_LAYER_TYPES}. */
export type ImageOnlyLayerType = (typeof IMAGE_LAYER_TYPES)[number];
/** Any layer type an image model holds. */
export type ImageLayerType = ImageOnlyLayerType | LayerType;

/**
 * How a graph is being written:
 * - `inference`: dropout is the identity, batch norm uses the running statistics (predict, export);
 * - `training`: dropout multiplies by a mask input the trainer draws, batch norm uses batch statistics
 *   (the gradient rules of `@kenobi/autodiff` differentiate it) and its statistics are graph outputs.
 *
 * @example
 * ```ts
 * import { GRAPH_MODES } from '@kenobi/learn';
 * GRAPH_MODES; // ['inference', 'training']
 * ```
 */
export const GRAPH_MODES = Object.freeze(['inference', 'training'] as const);
/** One of {@link GRAPH_MODES}. */
export type GraphMode = (typeof GRAPH_MODES)[number];

/**
 * What a layer sees while writing its nodes.
 *
 * @example
 * ```ts
 * // inside a layer's emit():
 * const y = g.b.node('Conv', [x, g.tensor(kernel), g.tensor(bias)], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, { name: this.name })[0]!;
 * ```
 */
export interface ImageGraphContext {
  readonly b: GraphBuilder;
  readonly mode: GraphMode;
  /** The graph tensor (input or initializer) holding a param or buffer. */
  tensor(p: Param | Buffer): string;
  /**
   * Training only: a float32 mask input of dims [N, ...maskDims] (0 or 1/(1 − rate), broadcast over x) that
   * the trainer draws from its seeded generator each step. Returns the input's name.
   */
  mask(layer: ImageLayer, maskDims: readonly number[], rate: number): string;
  /**
   * Training only: records that BatchNormalization node `node` (named as its output) normalises with batch
   * statistics, so the trainer reads them back (the autodiff rule outputs them) to update running statistics.
   */
  batchStatistics(layer: ImageLayer, node: string): void;
}

/**
 * One layer of an {@link ImageModel}.
 *
 * @example
 * ```ts
 * const c = conv2d(32, 6, { padding: 'same' });
 * c.build([3, 64, 64], rng); // [32, 64, 64]
 * c.params().map((p) => p.shape); // [[32, 3, 6, 6], [32]]
 * ```
 */
export interface ImageLayer {
  readonly type: ImageLayerType;
  /** Keras's class name, for the summary ('Conv2D'). */
  readonly kerasClass: string;
  /** Unique in its model once built (Keras style: `conv2d`, `conv2d_1`, ...). */
  name: string;
  /** When false the trainer leaves its params alone and computes no gradient for them. */
  trainable: boolean;
  /** Allocates and initialises the weights for `input`; returns the output shape. Throws typed errors for bad shapes. */
  build(input: ActivationShape, rng: SeededRandom): ActivationShape;
  readonly inputShape: ActivationShape;
  readonly outputShape: ActivationShape;
  params(): readonly Param[];
  buffers(): readonly Buffer[];
  /** Writes the layer's nodes after tensor `x` ([N, ...inputShape]) and returns its output tensor. */
  emit(g: ImageGraphContext, x: string): string;
  /** JSON-serialisable options (what rebuilds the layer; not the weights). */
  config(): LayerConfig;
}

/**
 * A weight of `shape` named `<layer>/<what>`, with a zeroed gradient.
 *
 * @example
 * ```ts
 * const kernel = makeParam('conv2d', 'kernel', [32, 3, 6, 6]);
 * ```
 */
export function makeParam(layer: string, what: string, shape: readonly number[]): Param {
  const n = shape.reduce((a, b) => a * b, 1);
  return { name: `${layer}/${what}`, shape: [...shape], value: new Float32Array(n), grad: new Float32Array(n) };
}
