import type { SeededRandom } from '@kenobi/core';
import type { DType, FloatArray, Matrix } from '../backend/matrix.js';
import type { MatrixBackend } from '../backend/matrix-backend.js';

/**
 * Every layer type `@kenobi/learn` knows; the `type` field of a layer and of its entry in a `.kenobi` file.
 *
 * @example
 * ```ts
 * import { LAYER_TYPES } from '@kenobi/learn';
 * LAYER_TYPES.includes('dense'); // true
 * ```
 */
export const LAYER_TYPES = Object.freeze([
  'dense',
  'relu',
  'leakyRelu',
  'elu',
  'sigmoid',
  'tanh',
  'softmax',
  'dropout',
  'batchNormalization',
] as const);
/** One of {@link LAYER_TYPES}. */
export type LayerType = (typeof LAYER_TYPES)[number];

/**
 * A learnable tensor and its gradient (same length, same dtype). Shapes follow Keras: a dense kernel is
 * `[inputs, units]`.
 *
 * @example
 * ```ts
 * for (const p of model.trainableParams()) console.log(p.name, p.shape); // 'dense_1/kernel' [512, 1]
 * ```
 */
export interface Param {
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: FloatArray;
  readonly grad: FloatArray;
}

/**
 * Non-learnable state saved with the weights (batch norm's running mean and variance).
 *
 * @example
 * ```ts
 * bn.buffers().map((b) => b.name); // ['batch_normalization_1/running_mean', '.../running_var']
 * ```
 */
export interface Buffer {
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: FloatArray;
}

/**
 * What `build` gets: the dtype to allocate, the generator for initialisers, the matrix backend.
 *
 * @example
 * ```ts
 * layer.build(512, { dtype: 'float32', rng: new SeededRandom(0), backend: jsMatrixBackend });
 * ```
 */
export interface BuildContext {
  readonly dtype: DType;
  readonly rng: SeededRandom;
  readonly backend: MatrixBackend;
}

/**
 * Per-call switches. `training` selects batch statistics in batch norm and active dropout; `dropout`
 * overrides it for dropout only (MC-dropout: `{ training: false, dropout: true }`). `rng` draws the masks.
 *
 * @example
 * ```ts
 * model.forward(x, { training: false, dropout: true, rng }); // one MC-dropout pass
 * ```
 */
export interface ForwardContext {
  readonly training: boolean;
  readonly dropout?: boolean;
  readonly rng?: SeededRandom;
}

/** JSON-serialisable layer configuration (what a `.kenobi` header stores per layer). */
export type LayerConfig = Readonly<Record<string, unknown>>;

/**
 * One layer of a {@link Sequential} model. Layers cache what `backward` needs during `forward`, so a
 * backward call must follow the forward call it differentiates. Returned matrices may be reused by the next
 * call of the same layer: copy what you keep.
 *
 * @example
 * ```ts
 * const l = relu();
 * l.build(3, ctx);
 * const y = l.forward(x, { training: true });
 * const dx = l.backward(dy, true);
 * ```
 */
export interface Layer {
  readonly type: LayerType;
  /** Unique within a model once it is built (`dense_1`, ...). */
  name: string;
  /** When false the optimizer leaves this layer's params alone (and their gradients are not computed). */
  trainable: boolean;
  /** Output width; valid after `build`. */
  readonly outputs: number;
  /** Input width; valid after `build`. */
  readonly inputs: number;
  /** Allocates and initialises params for `inputs` input features; returns the output width. */
  build(inputs: number, ctx: BuildContext): number;
  forward(x: Matrix, ctx: ForwardContext): Matrix;
  /** Gradient w.r.t. the input (undefined when `needInputGrad` is false); fills the params' `grad`. */
  backward(dy: Matrix, needInputGrad: boolean): Matrix | undefined;
  params(): readonly Param[];
  buffers(): readonly Buffer[];
  /** Everything needed to rebuild the layer (not the weights). */
  config(): LayerConfig;
}
