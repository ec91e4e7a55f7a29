/**
 * GraphBuilder: build an ONNX graph in code, layer by layer, with seeded weights and tracked shapes.
 * Every helper takes tensor names and returns the name of its output.
 */
import { GraphBuilderCore, product } from './graph-builder-core.js';
import { GraphBuilderError } from './builder-error.js';
import { floatAttr } from './node-attribute.js';
import { onnxPads, perAxis, windowOutputDims } from './spatial-shape.js';
import { boolTensor, float32Tensor } from './tensor-proto.js';
import { nameOf, TensorOpsBuilder } from './tensor-ops-builder.js';
import type { WeightInit } from './weight-init.js';

/**
 * Options of {@link GraphBuilder.conv}.
 *
 * @example
 * ```ts
 * b.conv(x, { outChannels: 64, kernel: 7, stride: 2, pad: 3, bias: false, name: 'conv1' }); // [N, 64, 112, 112] from 224
 * ```
 */
export interface ConvOptions {
  /** Output channels (ignored when `weight` is given). */
  outChannels?: number;
  /** Kernel size, one number for all spatial axes or one per axis (ignored when `weight` is given). */
  kernel?: number | readonly number[];
  /** Strides (default 1). */
  stride?: number | readonly number[];
  /** Padding: a number, one per axis (symmetric), or ONNX's begins-then-ends list (default 0). */
  pad?: number | readonly number[];
  /** Dilations (default 1). */
  dilation?: number | readonly number[];
  /** Groups (default 1). */
  group?: number;
  /** Add a bias (default true). */
  bias?: boolean;
  /** Weight initialiser (default 'he-normal'). */
  init?: WeightInit;
  /** Bias initialiser (default 'zeros'). */
  biasInit?: WeightInit;
  /** Use this existing initializer as the weight [O, I/group, k...] instead of drawing one. */
  weight?: string;
  /** Use this existing initializer as the bias. */
  biasTensor?: string;
  /** Node name (initializers are `<name>.weight`, `<name>.bias`). */
  name?: string;
}

/**
 * Options of {@link GraphBuilder.maxPool} and {@link GraphBuilder.averagePool}.
 *
 * @example
 * ```ts
 * b.maxPool(x, { kernel: 3, stride: 2, pad: 1 });          // ResNet stem: 112 → 56
 * b.maxPool(x, { kernel: 3, stride: 2, ceil: true });      // GoogLeNet: 112 → 56
 * ```
 */
export interface PoolOptions {
  kernel: number | readonly number[];
  /** Strides (default: the kernel, as Keras and PyTorch; ONNX's own default is 1). */
  stride?: number | readonly number[];
  pad?: number | readonly number[];
  /** Round the output size up (default false). */
  ceil?: boolean;
  /** AveragePool only: count padded zeros in the mean (default false). */
  countIncludePad?: boolean;
  name?: string;
}

/**
 * Builds an `onnx.ModelProto` in code, with seeded weights (He, Glorot, LeCun; normal or uniform), BN running
 * statistics (mean 0, variance 1), unique automatic names, default opset 17 and IR version 8. Helpers track
 * output shapes, so layers need only their output size. With `{ materialize: false }` the weights record dims
 * only (for counting parameters of huge models).
 *
 * @example
 * ```ts
 * import { GraphBuilder, encodeModel } from '@kenobi/onnx';
 * const b = new GraphBuilder({ seed: 42 });
 * let x = b.input('input', 'float32', ['N', 1, 28, 28]);
 * x = b.relu(b.conv(x, { outChannels: 8, kernel: 3, pad: 1 }));   // [N, 8, 28, 28]
 * x = b.flatten(b.globalAveragePool(x));                          // [N, 8]
 * x = b.softmax(b.dense(x, { units: 10 }));                       // [N, 10]
 * b.output(x);
 * const bytes = encodeModel(b.build());                           // runs in onnxruntime
 * ```
 */
export class GraphBuilder extends TensorOpsBuilder {
  /** Conv, drawing a weight [O, C/group, k…] (and a zero bias) unless given. Output [N, O, H', W']. */
  conv(x: string, o: ConvOptions): string {
    const inShape = this.requireShape(x, 'conv');
    const rank = inShape.length - 2;
    const group = o.group ?? 1;
    const name = this.freshNodeName(o.name, 'conv');
    let weight = o.weight;
    let outChannels: number;
    let kernel: number[];
    if (weight !== undefined) {
      const w = this.requireShape(weight, 'conv weight') as number[];
      outChannels = w[0]!;
      kernel = w.slice(2);
    } else {
      const inChannels = inShape[1];
      if (typeof inChannels !== 'number') throw new GraphBuilderError('onnx/builder-shape', `conv '${name}': the channel count of '${x}' is unknown`);
      if (o.outChannels === undefined || o.kernel === undefined) throw new GraphBuilderError('onnx/builder-option', `conv '${name}': give outChannels and kernel, or a weight`);
      outChannels = o.outChannels;
      kernel = perAxis(o.kernel, rank);
      const rf = product(kernel);
      weight = this.weight(`${name}.weight`, [outChannels, inChannels / group, ...kernel], o.init ?? 'he-normal', {
        fanIn: (inChannels / group) * rf,
        fanOut: (outChannels / group) * rf,
      });
    }
    const inputs = [x, weight];
    if (o.biasTensor !== undefined) inputs.push(o.biasTensor);
    else if (o.bias ?? true) inputs.push(this.weight(`${name}.bias`, [outChannels], o.biasInit ?? 'zeros', { fanIn: 1, fanOut: 1 }));
    const geometry = {
      kernel,
      strides: perAxis(o.stride ?? 1, rank),
      pads: onnxPads(o.pad ?? 0, rank),
      dilations: perAxis(o.dilation ?? 1, rank),
    };
    const [y] = this.node('Conv', inputs, {
      kernel_shape: geometry.kernel,
      strides: geometry.strides,
      pads: geometry.pads,
      dilations: geometry.dilations,
      group,
    }, { name });
    this.setShape(y!, [inShape[0]!, outChannels, ...windowOutputDims(inShape.slice(2), geometry)]);
    return y!;
  }

  /** BatchNormalization (inference form) with scale 1, bias 0, running mean 0 and running variance 1. */
  batchNorm(x: string, o: { epsilon?: number; momentum?: number; name?: string } = {}): string {
    const shape = this.requireShape(x, 'batchNorm');
    const c = shape[1];
    if (typeof c !== 'number') throw new GraphBuilderError('onnx/builder-shape', `batchNorm: the channel count of '${x}' is unknown`);
    const name = this.freshNodeName(o.name, 'bn');
    const one = { fanIn: 1, fanOut: 1 };
    const params = [
      this.weight(`${name}.scale`, [c], 'ones', one),
      this.weight(`${name}.bias`, [c], 'zeros', one),
      this.weight(`${name}.running_mean`, [c], 'zeros', one),
      this.weight(`${name}.running_var`, [c], 'ones', one),
    ];
    const [y] = this.node('BatchNormalization', [x, ...params], {
      epsilon: floatAttr(o.epsilon ?? 1e-5),
      momentum: floatAttr(o.momentum ?? 0.9),
    }, { name });
    return this.same(y!, x);
  }

  /** Gemm computing x·Wᵀ + b with a drawn weight [units, in] (transB = 1). Output [N, units]. */
  dense(x: string, o: { units: number; bias?: boolean; init?: WeightInit; biasInit?: WeightInit; name?: string }): string {
    const shape = this.requireShape(x, 'dense');
    const inFeatures = shape[1];
    if (shape.length !== 2 || typeof inFeatures !== 'number') throw new GraphBuilderError('onnx/builder-shape', `dense: '${x}' must be [N, features] with known features, got [${shape.join(', ')}]`, { hint: 'flatten() first' });
    const name = this.freshNodeName(o.name, 'fc');
    const w = this.weight(`${name}.weight`, [o.units, inFeatures], o.init ?? 'glorot-uniform', { fanIn: inFeatures, fanOut: o.units });
    const inputs = [x, w];
    if (o.bias ?? true) inputs.push(this.weight(`${name}.bias`, [o.units], o.biasInit ?? 'zeros', { fanIn: 1, fanOut: 1 }));
    const [y] = this.node('Gemm', inputs, { transB: 1 }, { name });
    this.setShape(y!, [shape[0]!, o.units]);
    return y!;
  }

  /** Gemm on given tensors: alpha·A'·B' + beta·C. */
  gemm(a: string, b: string, c?: string, o: { transA?: boolean; transB?: boolean; alpha?: number; beta?: number; name?: string } = {}): string {
    const [y] = this.node('Gemm', c === undefined ? [a, b] : [a, b, c], {
      transA: o.transA ? 1 : undefined,
      transB: o.transB ? 1 : undefined,
      alpha: o.alpha === undefined ? undefined : floatAttr(o.alpha),
      beta: o.beta === undefined ? undefined : floatAttr(o.beta),
    }, nameOf(o));
    const sa = this.shapeOf(a);
    const sb = this.shapeOf(b);
    if (sa?.length === 2 && sb?.length === 2) this.setShape(y!, [o.transA ? sa[1]! : sa[0]!, o.transB ? sb[0]! : sb[1]!]);
    return y!;
  }

  /** MatMul (numpy semantics). */
  matMul(a: string, b: string, o: { name?: string } = {}): string {
    const [y] = this.node('MatMul', [a, b], {}, nameOf(o));
    const sa = this.shapeOf(a);
    const sb = this.shapeOf(b);
    if (sa && sb && sa.length >= 2 && sb.length === 2) this.setShape(y!, [...sa.slice(0, -1), sb[1]!]);
    return y!;
  }

  /** Relu. */
  relu(x: string, o: { name?: string } = {}): string {
    return this.unary('Relu', x, {}, o);
  }

  /** LeakyRelu (alpha default 0.01, as ONNX). */
  leakyRelu(x: string, o: { alpha?: number; name?: string } = {}): string {
    return this.unary('LeakyRelu', x, { alpha: floatAttr(o.alpha ?? 0.01) }, o);
  }

  /** Sigmoid. */
  sigmoid(x: string, o: { name?: string } = {}): string {
    return this.unary('Sigmoid', x, {}, o);
  }

  /** Tanh. */
  tanh(x: string, o: { name?: string } = {}): string {
    return this.unary('Tanh', x, {}, o);
  }

  /** Identity. */
  identity(x: string, o: { name?: string } = {}): string {
    return this.unary('Identity', x, {}, o);
  }

  /** Softmax along `axis` (default -1). */
  softmax(x: string, o: { axis?: number; name?: string } = {}): string {
    return this.unary('Softmax', x, { axis: o.axis ?? -1 }, o);
  }

  /** LogSoftmax along `axis` (default -1). */
  logSoftmax(x: string, o: { axis?: number; name?: string } = {}): string {
    return this.unary('LogSoftmax', x, { axis: o.axis ?? -1 }, o);
  }

  /** LRN across channels (defaults as AlexNet/Caffe: alpha 1e-4, beta 0.75, bias 1). */
  lrn(x: string, o: { size: number; alpha?: number; beta?: number; bias?: number; name?: string }): string {
    return this.unary('LRN', x, {
      size: o.size,
      alpha: floatAttr(o.alpha ?? 1e-4),
      beta: floatAttr(o.beta ?? 0.75),
      bias: floatAttr(o.bias ?? 1),
    }, o);
  }

  /** MaxPool. */
  maxPool(x: string, o: PoolOptions): string {
    return this.pool('MaxPool', x, o);
  }

  /** AveragePool. */
  averagePool(x: string, o: PoolOptions): string {
    return this.pool('AveragePool', x, o);
  }

  /** GlobalAveragePool: [N, C, H, W] → [N, C, 1, 1]. */
  globalAveragePool(x: string, o: { name?: string } = {}): string {
    return this.globalPool('GlobalAveragePool', x, o);
  }

  /** GlobalMaxPool: [N, C, H, W] → [N, C, 1, 1]. */
  globalMaxPool(x: string, o: { name?: string } = {}): string {
    return this.globalPool('GlobalMaxPool', x, o);
  }

  /**
   * Dropout with `ratio` (default 0.5). `trainingMode: true` adds the `training_mode` input, so the mask stays
   * random at inference (MC-dropout; CPU/WASM only: no WebGPU kernel).
   */
  dropout(x: string, o: { ratio?: number; trainingMode?: boolean; seed?: number; name?: string } = {}): string {
    const base = o.name ?? 'dropout';
    const ratio = this.constantTensor(`${base}.ratio`, (n) => float32Tensor(n, new Float32Array([o.ratio ?? 0.5]), []));
    const inputs = [x, ratio];
    if (o.trainingMode !== undefined) inputs.push(this.constantTensor(`${base}.training_mode`, (n) => boolTensor(n, [o.trainingMode!], [])));
    const [y] = this.node('Dropout', inputs, { seed: o.seed }, nameOf(o));
    return this.same(y!, x);
  }

  private unary(op: string, x: string, attrs: Parameters<GraphBuilderCore['node']>[2], o: { name?: string }): string {
    const [y] = this.node(op, [x], attrs, nameOf(o));
    return this.same(y!, x);
  }

  private pool(op: 'MaxPool' | 'AveragePool', x: string, o: PoolOptions): string {
    const s = this.requireShape(x, op);
    const rank = s.length - 2;
    const geometry = {
      kernel: perAxis(o.kernel, rank),
      strides: perAxis(o.stride ?? o.kernel, rank),
      pads: onnxPads(o.pad ?? 0, rank),
      dilations: perAxis(1, rank),
      ceilMode: o.ceil ?? false,
    };
    const [y] = this.node(op, [x], {
      kernel_shape: geometry.kernel,
      strides: geometry.strides,
      pads: geometry.pads,
      ceil_mode: geometry.ceilMode ? 1 : undefined,
      count_include_pad: op === 'AveragePool' && o.countIncludePad ? 1 : undefined,
    }, nameOf(o));
    this.setShape(y!, [s[0]!, s[1]!, ...windowOutputDims(s.slice(2), geometry)]);
    return y!;
  }

  private globalPool(op: string, x: string, o: { name?: string }): string {
    const [y] = this.node(op, [x], {}, nameOf(o));
    const s = this.shapeOf(x);
    if (s) this.setShape(y!, [s[0]!, s[1]!, ...s.slice(2).map(() => 1)]);
    return y!;
  }

}
