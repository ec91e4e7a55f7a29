/**
 * The head layers of `@kenobi/learn` (dense, activations, dropout, batch norm) inside an image model: they
 * keep their own params and semantics; this adapter gives them shapes and ONNX nodes. Batch norm
 * normalises over channels on images (axis 1 of NCHW, Keras's channels-last axis) and over features after
 * `flatten`.
 */
import type { SeededRandom } from '@kenobi/core';
import { floatAttr, type AttributeValue } from '@kenobi/onnx';
import { jsMatrixBackend } from '../backend/js-matrix-backend.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import type { ELU } from '../layers/elu.js';
import type { Buffer, Layer, LayerConfig, Param } from '../layers/layer.js';
import type { LeakyReLU } from '../layers/leaky-relu.js';
import { LearnError } from '../learn-error.js';
import { requireFlat, shapeSize, type ActivationShape } from './activation-shape.js';
import type { ImageGraphContext, ImageLayer, ImageLayerType } from './image-layer.js';
import { kerasClassName } from './keras-names.js';

/** Adds one node named after the layer (plus `suffix`) and returns its output. */
type NodeWriter = (op: string, inputs: readonly string[], attrs?: Readonly<Record<string, AttributeValue | undefined>>, suffix?: string) => string;

/**
 * A head {@link Layer} as an {@link ImageLayer}; create through `imageModel`, which wraps them itself.
 *
 * @example
 * ```ts
 * const model = imageModel([flatten(), dense(4)], { inputShape: [2, 2, 1] });
 * (model.layers[1] as HeadLayerAdapter).inner; // the Dense
 * ```
 */
export class HeadLayerAdapter implements ImageLayer {
  readonly kerasClass: string;
  inputShape: ActivationShape = [0];
  outputShape: ActivationShape = [0];

  constructor(readonly inner: Layer) {
    this.kerasClass = kerasClassName(inner.type);
    if (inner instanceof BatchNormalization && inner.training === true) {
      throw new LearnError('learn/bad-argument', 'batchNormalization({ training: true }) (batch statistics at inference) is not supported in image models', { hint: 'leave training unset, or false for a frozen batch norm' });
    }
  }

  get type(): ImageLayerType {
    return this.inner.type;
  }
  get name(): string {
    return this.inner.name;
  }
  set name(value: string) {
    this.inner.name = value;
  }
  get trainable(): boolean {
    return this.inner.trainable;
  }
  set trainable(value: boolean) {
    this.inner.trainable = value;
  }

  build(input: ActivationShape, rng: SeededRandom): ActivationShape {
    const ctx = { dtype: 'float32' as const, rng, backend: jsMatrixBackend };
    this.inputShape = input;
    if (this.inner instanceof Dense) {
      const [features] = requireFlat(input, this.name);
      this.outputShape = [this.inner.build(features, ctx)];
    } else if (this.inner instanceof BatchNormalization) {
      this.inner.build(input[0], ctx);
      this.outputShape = input;
    } else {
      this.inner.build(shapeSize(input), ctx);
      this.outputShape = input;
    }
    return this.outputShape;
  }

  params(): readonly Param[] {
    return this.inner.params();
  }

  buffers(): readonly Buffer[] {
    return this.inner.buffers();
  }

  emit(g: ImageGraphContext, x: string): string {
    const l = this.inner;
    const node: NodeWriter = (op, inputs, attrs = {}, suffix = '') => g.b.node(op, inputs, attrs, { name: `${this.name}${suffix}` })[0]!;
    let y: string;
    if (l instanceof Dense) {
      y = node('Gemm', [x, ...l.params().map((p) => g.tensor(p))]);
    } else if (l instanceof Dropout) {
      if (g.mode !== 'training' || l.rate === 0) return x;
      y = node('Mul', [x, g.mask(this, this.inputShape, l.rate)]);
    } else if (l instanceof BatchNormalization) {
      y = this.batchNorm(g, l, x, node);
    } else {
      y = activation(l, x, node);
    }
    g.b.setShape(y, ['N', ...this.outputShape]);
    return y;
  }

  config(): LayerConfig {
    return this.inner.config();
  }

  private batchNorm(g: ImageGraphContext, l: BatchNormalization, x: string, node: NodeWriter): string {
    const [gamma, beta] = l.params().map((p) => g.tensor(p));
    const [mean, variance] = l.buffers().map((b) => g.tensor(b));
    const attrs = { epsilon: floatAttr(l.epsilon), momentum: floatAttr(1 - l.momentum) };
    if (g.mode === 'inference') return node('BatchNormalization', [x, gamma!, beta!, mean!, variance!], attrs);
    if (l.training === undefined) {
      const y = node('BatchNormalization', [x, gamma!, beta!, mean!, variance!], attrs);
      g.batchStatistics(this, y);
      return y;
    }
    // NOTE: a batch norm pinned to its running statistics while the rest trains (the frozen-BN trap done
    // right): an affine map written in primitive ops, so the gradient graph keeps it frozen whatever the
    // trainer's batch-norm mode; its statistics are graph inputs and need no gradient.
    const sd = node('Sqrt', [node('Add', [variance!, g.b.constant([l.epsilon], [])], {}, '/eps')], {}, '/sqrt');
    const inv = node('Div', [g.b.constant([1], []), sd], {}, '/inv');
    let scale = node('Mul', [gamma!, inv], {}, '/scale');
    let shift = node('Sub', [beta!, node('Mul', [mean!, scale], {}, '/mean_scale')], {}, '/shift');
    if (this.inputShape.length === 3) {
      const dims = g.b.constant([this.inputShape[0], 1, 1], [3], { dtype: 'int64' });
      scale = node('Reshape', [scale, dims], {}, '/scale_chw');
      shift = node('Reshape', [shift, dims], {}, '/shift_chw');
    }
    return node('Add', [node('Mul', [x, scale], {}, '/scaled'), shift], {}, '/frozen');
  }
}

function activation(layer: Layer, x: string, node: NodeWriter): string {
  switch (layer.type) {
    case 'relu': return node('Relu', [x]);
    case 'leakyRelu': return node('LeakyRelu', [x], { alpha: floatAttr((layer as LeakyReLU).negativeSlope) });
    case 'elu': return node('Elu', [x], { alpha: floatAttr((layer as ELU).alpha) });
    case 'sigmoid': return node('Sigmoid', [x]);
    case 'tanh': return node('Tanh', [x]);
    case 'softmax': return node('Softmax', [x], { axis: 1 });
    default: throw new LearnError('learn/bad-argument', `no ONNX form for layer ${layer.type} in an image model`);
  }
}
