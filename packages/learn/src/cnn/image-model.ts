/**
 * An image model: Keras-named layers stacked like Keras's `Sequential`, with shapes inferred from
 * `inputShape`, weights drawn from one seeded generator (same seed, same weights), a Keras-like summary, and
 * a plain-data spec that rebuilds it (in a worker thread, or from a file).
 */
import { SeededRandom } from '@kenobi/core';
import type { FloatArray } from '../backend/matrix.js';
import type { Buffer, Layer, LayerConfig, Param } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { fromKerasInputShape, shapeSize, type ActivationShape } from './activation-shape.js';
import { HeadLayerAdapter } from './head-layer-adapter.js';
import type { ImageLayer, ImageLayerType } from './image-layer.js';
import { formatImageSummary } from './image-summary.js';
import { kerasNamer } from './keras-names.js';

/** Options of {@link imageModel}. */
export interface ImageModelOptions {
  /** Keras's `input_shape`: [height, width, channels] (channels-last, as Keras prints it). */
  readonly inputShape: readonly number[];
  /** Seeds the initialisers. Default 0. */
  readonly seed?: number;
  /** Model name for the summary. Default 'sequential'. */
  readonly name?: string;
}

/** A layer as plain data: what `spec()` returns and `imageModelFromSpec` and `.kenobi` files read. */
export interface ImageLayerSpec {
  readonly type: ImageLayerType;
  readonly name: string;
  readonly trainable: boolean;
  readonly config: LayerConfig;
}

/**
 * A model as plain data (JSON, structured-clone safe): rebuilds the same model, weights included when the
 * seed is the same and no training happened.
 *
 * @example
 * ```ts
 * const spec: ImageModelSpec = model.spec();
 * worker.postMessage({ spec }); // imageModelFromSpec(spec) on the other side
 * ```
 */
export interface ImageModelSpec {
  readonly name: string;
  readonly inputShape: readonly [number, number, number];
  readonly seed: number;
  readonly layers: readonly ImageLayerSpec[];
}

/** A layer `imageModel` accepts: an image layer or a head layer (dense, activations, dropout, batch norm). */
export type ImageModelLayer = ImageLayer | Layer;

function asImageLayer(layer: ImageModelLayer): ImageLayer {
  return 'emit' in layer ? layer : new HeadLayerAdapter(layer);
}

/**
 * The image model class; create with {@link imageModel}.
 *
 * @example
 * ```ts
 * const model = imageModel([conv2d(8, 3), flatten(), dense(1)], { inputShape: [16, 16, 1] });
 * model.outputShape; // [1]
 * ```
 */
export class ImageModel {
  readonly name: string;
  readonly layers: readonly ImageLayer[];
  /** Keras's [height, width, channels]. */
  readonly inputShape: readonly [number, number, number];
  /** Kenobi's [channels, height, width] (NCHW without the batch). */
  readonly inputChw: readonly [number, number, number];
  readonly outputShape: ActivationShape;
  readonly seed: number;

  constructor(layers: readonly ImageModelLayer[], options: ImageModelOptions) {
    if (layers.length === 0) throw new LearnError('learn/bad-argument', 'imageModel needs at least one layer');
    this.inputChw = fromKerasInputShape(options.inputShape);
    this.inputShape = [this.inputChw[1], this.inputChw[2], this.inputChw[0]];
    this.seed = options.seed ?? 0;
    this.name = options.name ?? 'sequential';
    this.layers = Object.freeze(layers.map(asImageLayer));
    const next = kerasNamer();
    const names = new Set<string>();
    for (const layer of this.layers) {
      const auto = next(layer.type);
      if (!layer.name) layer.name = auto;
      if (names.has(layer.name)) throw new LearnError('learn/bad-argument', `two layers are named ${layer.name}`);
      names.add(layer.name);
    }
    const rng = new SeededRandom(this.seed);
    let shape: ActivationShape = this.inputChw;
    for (const layer of this.layers) shape = layer.build(shape, rng);
    this.outputShape = shape;
  }

  /** Values per sample at the output (the output must be flat to train or predict). */
  get outputs(): number {
    return shapeSize(this.outputShape);
  }

  /** Every learnable param, in layer order (names `<layer>/<weight>`). */
  params(): Param[] {
    return this.layers.flatMap((l) => l.params());
  }

  /** The params of trainable layers (what the trainer differentiates and the optimizer updates). */
  trainableParams(): Param[] {
    return this.layers.filter((l) => l.trainable).flatMap((l) => l.params());
  }

  /** Non-learnable state (batch-norm running statistics). */
  buffers(): Buffer[] {
    return this.layers.flatMap((l) => l.buffers());
  }

  /** Keras's count: params plus buffers (`trainableOnly`: the params of trainable layers). */
  countParams(trainableOnly = false): number {
    const size = (a: readonly { value: FloatArray }[]): number => a.reduce((s, p) => s + p.value.length, 0);
    return trainableOnly ? size(this.trainableParams()) : size(this.params()) + size(this.buffers());
  }

  /** Copies of all params then all buffers (what {@link setWeights} takes back). */
  getWeights(): Float32Array[] {
    return [...this.params(), ...this.buffers()].map((p) => Float32Array.from(p.value));
  }

  /** Restores what {@link getWeights} returned (same order and lengths). */
  setWeights(weights: readonly ArrayLike<number>[]): void {
    const targets = [...this.params(), ...this.buffers()];
    if (weights.length !== targets.length) throw new LearnError('learn/shape-mismatch', `setWeights got ${weights.length} arrays, the model has ${targets.length}`);
    targets.forEach((t, i) => {
      if (weights[i]!.length !== t.value.length) throw new LearnError('learn/shape-mismatch', `weight ${t.name} has ${weights[i]!.length} values, expected ${t.value.length}`);
      t.value.set(weights[i]!);
    });
  }

  /**
   * The sigmoid or softmax that ends the model, if any: losses on probabilities are computed from the
   * tensor before it (logits), the stable form, as Keras does for a sigmoid/softmax output.
   */
  get finalActivation(): 'sigmoid' | 'softmax' | undefined {
    const last = this.layers[this.layers.length - 1]!.type;
    return last === 'sigmoid' || last === 'softmax' ? last : undefined;
  }

  /** The model as plain data (see {@link ImageModelSpec}). */
  spec(): ImageModelSpec {
    return {
      name: this.name,
      inputShape: this.inputShape,
      seed: this.seed,
      layers: this.layers.map((l) => ({ type: l.type, name: l.name, trainable: l.trainable, config: l.config() })),
    };
  }

  /**
   * Keras's summary table: layer (Keras class), output shape channels-last with None for the batch, params,
   * and the totals with thousands separators.
   *
   * @example
   * ```ts
   * console.log(model.summary()); // ... 'Total params: 2,332,513' for the seeds' CNN at 64×64×3
   * ```
   */
  summary(): string {
    return formatImageSummary(this);
  }
}

/**
 * Stacks image layers (and, after `flatten`, the head layers) like Keras's `Sequential` for an input of
 * Keras's `inputShape` [height, width, channels]. Weights come from `seed`.
 *
 * @example
 * ```ts
 * import { imageModel, conv2d, relu, maxPooling2d, dropout, flatten, dense, sigmoid } from '@kenobi/learn';
 * const model = imageModel([
 *   conv2d(32, 6, { padding: 'same' }), relu(), dropout(0.5), conv2d(64, 5, { padding: 'same' }), relu(), maxPooling2d(2), dropout(0.25),
 *   conv2d(128, 2, { padding: 'same' }), relu(), maxPooling2d(2), dropout(0.25), conv2d(128, 3, { padding: 'same' }), relu(), dropout(0.25),
 *   flatten(), dense(64), relu(), dropout(0.5), dense(1), sigmoid(),
 * ], { inputShape: [64, 64, 3], seed: 1 });
 * model.countParams(); // 2332513
 * ```
 */
export function imageModel(layers: readonly ImageModelLayer[], options: ImageModelOptions): ImageModel {
  return new ImageModel(layers, options);
}
