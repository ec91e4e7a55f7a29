/**
 * Keras's `Conv2D` on Kenobi's NCHW tensors: one ONNX Conv with explicit pads.
 */
import type { SeededRandom } from '@kenobi/core';
import { initialize, type InitializerSpec } from '../init/initializer.js';
import { glorotUniform, zeros } from '../init/variance-scaling.js';
import type { Buffer, LayerConfig, Param } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { requireImage, type ActivationShape } from './activation-shape.js';
import { makeParam, type ImageGraphContext, type ImageLayer } from './image-layer.js';
import { checkPadding, pair, window2d, type Padding, type Window2d } from './window-geometry.js';

/** Options of {@link conv2d} (Keras names and defaults). */
export interface Conv2dOptions {
  /** Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Default 'valid'. 'same' pads as TensorFlow (the odd pixel at the end). */
  readonly padding?: Padding;
  /** Default 1. */
  readonly dilationRate?: number | readonly [number, number];
  /** Default 1; input channels and filters must both divide by it. */
  readonly groups?: number;
  /** Default true. */
  readonly useBias?: boolean;
  /** Default `glorotUniform()` with Keras's fans: in = kh·kw·channels/groups, out = kh·kw·filters. */
  readonly kernelInitializer?: InitializerSpec;
  /** Default `zeros()`. */
  readonly biasInitializer?: InitializerSpec;
  /** Layer name (default Keras style: conv2d, conv2d_1, ...). */
  readonly name?: string;
}

/**
 * The 2-D convolution layer class; create with {@link conv2d}.
 *
 * @example
 * ```ts
 * conv2d(32, 6, { padding: 'same' }) instanceof Conv2D; // true
 * ```
 */
export class Conv2D implements ImageLayer {
  readonly type = 'conv2d' as const;
  readonly kerasClass = 'Conv2D';
  name: string;
  trainable = true;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly groups: number;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerSpec;
  readonly biasInitializer: InitializerSpec;
  inputShape: ActivationShape = [0];
  outputShape: ActivationShape = [0];
  private kernel: Param | undefined;
  private bias: Param | undefined;
  private window: Window2d | undefined;

  constructor(readonly filters: number, kernelSize: number | readonly [number, number], options: Conv2dOptions = {}) {
    if (!(Number.isInteger(filters) && filters > 0)) throw new LearnError('learn/bad-argument', `conv2d filters must be a positive integer, got ${filters}`);
    this.kernelSize = pair(kernelSize, 'conv2d kernelSize');
    this.strides = pair(options.strides ?? 1, 'conv2d strides');
    this.dilationRate = pair(options.dilationRate ?? 1, 'conv2d dilationRate');
    this.padding = checkPadding(options.padding ?? 'valid');
    this.groups = options.groups ?? 1;
    if (!(Number.isInteger(this.groups) && this.groups > 0 && filters % this.groups === 0)) {
      throw new LearnError('learn/bad-argument', `conv2d groups must be a positive integer dividing filters (${filters}), got ${options.groups}`);
    }
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = options.kernelInitializer ?? glorotUniform();
    this.biasInitializer = options.biasInitializer ?? zeros();
    this.name = options.name ?? '';
  }

  build(input: ActivationShape, rng: SeededRandom): ActivationShape {
    const [c, h, w] = requireImage(input, this.name);
    if (c % this.groups !== 0) {
      throw new LearnError('learn/shape-mismatch', `${this.name}: ${c} input channels do not divide into ${this.groups} groups`);
    }
    this.window = window2d(this.name, [h, w], this.kernelSize, this.strides, this.dilationRate, this.padding);
    const [kh, kw] = this.kernelSize;
    // NOTE: ONNX layout [filters, channels/groups, kh, kw] (Keras stores [kh, kw, channels/groups, filters]).
    this.kernel = makeParam(this.name, 'kernel', [this.filters, c / this.groups, kh, kw]);
    const rf = kh * kw;
    initialize(this.kernelInitializer, this.kernel.value, rf * (c / this.groups), rf * this.filters, rng);
    if (this.useBias) {
      this.bias = makeParam(this.name, 'bias', [this.filters]);
      initialize(this.biasInitializer, this.bias.value, rf * (c / this.groups), rf * this.filters, rng);
    }
    this.inputShape = input;
    this.outputShape = [this.filters, this.window.height, this.window.width];
    return this.outputShape;
  }

  params(): readonly Param[] {
    if (!this.kernel) return [];
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  buffers(): readonly Buffer[] {
    return [];
  }

  emit(g: ImageGraphContext, x: string): string {
    if (!this.kernel || !this.window) throw new LearnError('learn/not-built', `${this.name || 'conv2d'} is not built: put it in imageModel([...], { inputShape })`);
    const inputs = [x, g.tensor(this.kernel), ...(this.bias ? [g.tensor(this.bias)] : [])];
    const [y] = g.b.node('Conv', inputs, {
      kernel_shape: [...this.kernelSize],
      strides: [...this.strides],
      dilations: [...this.dilationRate],
      pads: [...this.window.pads],
      group: this.groups,
    }, { name: this.name });
    g.b.setShape(y!, ['N', ...this.outputShape]);
    return y!;
  }

  config(): LayerConfig {
    return {
      filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, padding: this.padding, dilationRate: this.dilationRate,
      groups: this.groups, useBias: this.useBias, kernelInitializer: this.kernelInitializer, biasInitializer: this.biasInitializer,
    };
  }
}

/**
 * A 2-D convolution with Keras's options and defaults (glorot-uniform kernel, zero bias, padding 'valid',
 * strides 1). Kenobi computes in NCHW; the summary prints Keras's channels-last shapes.
 *
 * @example
 * ```ts
 * const model = imageModel([conv2d(32, 6, { padding: 'same' }), relu()], { inputShape: [64, 64, 3] });
 * model.layers[0]!.outputShape; // [32, 64, 64]: Keras (None, 64, 64, 32); 3,488 params
 * ```
 */
export function conv2d(filters: number, kernelSize: number | readonly [number, number], options?: Conv2dOptions): Conv2D {
  return new Conv2D(filters, kernelSize, options);
}
