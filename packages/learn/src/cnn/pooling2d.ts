/**
 * Keras's `MaxPooling2D` and `AveragePooling2D`: one ONNX MaxPool / AveragePool with explicit pads.
 * NOTE: with padding 'same', TensorFlow's max pool never picks a pad and its average pool divides by the
 * pixels inside the image only: ONNX MaxPool's padding and AveragePool's `count_include_pad = 0` are the same.
 */
import type { SeededRandom } from '@kenobi/core';
import type { Buffer, LayerConfig, Param } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { requireImage, type ActivationShape } from './activation-shape.js';
import type { ImageGraphContext, ImageLayer } from './image-layer.js';
import { checkPadding, pair, window2d, type Padding, type Window2d } from './window-geometry.js';

/** Options of {@link maxPooling2d} and {@link averagePooling2d} (Keras names and defaults). */
export interface Pooling2dOptions {
  /** Default: the pool size (Keras `strides=None`). */
  readonly strides?: number | readonly [number, number];
  /** Default 'valid'. */
  readonly padding?: Padding;
  /** Layer name (default Keras style: max_pooling2d, max_pooling2d_1, ...). */
  readonly name?: string;
}

/**
 * The pooling layer class; create with {@link maxPooling2d} or {@link averagePooling2d}.
 *
 * @example
 * ```ts
 * maxPooling2d(2).kerasClass; // 'MaxPooling2D'
 * ```
 */
export class Pooling2D implements ImageLayer {
  readonly kerasClass: string;
  name: string;
  trainable = true;
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  inputShape: ActivationShape = [0];
  outputShape: ActivationShape = [0];
  private window: Window2d | undefined;

  constructor(readonly type: 'maxPooling2d' | 'averagePooling2d', poolSize: number | readonly [number, number], options: Pooling2dOptions = {}) {
    this.kerasClass = type === 'maxPooling2d' ? 'MaxPooling2D' : 'AveragePooling2D';
    this.poolSize = pair(poolSize, `${type} poolSize`);
    this.strides = pair(options.strides ?? this.poolSize, `${type} strides`);
    this.padding = checkPadding(options.padding ?? 'valid');
    this.name = options.name ?? '';
  }

  build(input: ActivationShape, _rng: SeededRandom): ActivationShape {
    const [c, h, w] = requireImage(input, this.name);
    this.window = window2d(this.name, [h, w], this.poolSize, this.strides, [1, 1], this.padding);
    this.inputShape = input;
    this.outputShape = [c, this.window.height, this.window.width];
    return this.outputShape;
  }

  params(): readonly Param[] {
    return [];
  }

  buffers(): readonly Buffer[] {
    return [];
  }

  emit(g: ImageGraphContext, x: string): string {
    if (!this.window) throw new LearnError('learn/not-built', `${this.name || this.type} is not built`);
    const average = this.type === 'averagePooling2d';
    const [y] = g.b.node(average ? 'AveragePool' : 'MaxPool', [x], {
      kernel_shape: [...this.poolSize],
      strides: [...this.strides],
      pads: [...this.window.pads],
      ...(average ? { count_include_pad: 0 } : {}),
    }, { name: this.name });
    g.b.setShape(y!, ['N', ...this.outputShape]);
    return y!;
  }

  config(): LayerConfig {
    return { poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

/**
 * Max pooling with Keras's defaults: pool 2×2, strides = pool size, padding 'valid'.
 *
 * @example
 * ```ts
 * imageModel([conv2d(8, 3), maxPooling2d()], { inputShape: [16, 16, 1] }).outputShape; // [8, 7, 7]
 * ```
 */
export function maxPooling2d(poolSize: number | readonly [number, number] = 2, options?: Pooling2dOptions): Pooling2D {
  return new Pooling2D('maxPooling2d', poolSize, options);
}

/**
 * Average pooling with Keras's defaults: pool 2×2, strides = pool size, padding 'valid' ('same' averages
 * over the pixels inside the image only, as TensorFlow).
 *
 * @example
 * ```ts
 * imageModel([averagePooling2d(2)], { inputShape: [16, 16, 3] }).outputShape; // [3, 8, 8]
 * ```
 */
export function averagePooling2d(poolSize: number | readonly [number, number] = 2, options?: Pooling2dOptions): Pooling2D {
  return new Pooling2D('averagePooling2d', poolSize, options);
}
