/**
 * Test support: a thin layer over @kenobi/onnx's GraphBuilder that writes the ONNX twin of a PyTorch module,
 * op for op, with every initializer named as in the module's state_dict (`layer4.0.conv1.weight`,
 * `layer4.0.bn1.running_var`, …) and filled by a callback (the formula), plus PyTorch's cross-entropy loss.
 */
import { floatAttr, GraphBuilder, type ModelProto } from '@kenobi/onnx';

/** Fills the initializer `name` of `dims` (the formula of a fixture, or any other source). */
export type TensorSource = (name: string, dims: readonly number[]) => Float32Array;

/** Options of {@link TorchGraph.conv}: `nn.Conv2d`'s. */
export interface TorchConv { readonly out: number; readonly kernel: number; readonly stride?: number; readonly padding?: number; readonly groups?: number; readonly bias?: boolean }

/**
 * Builds a forward graph mirroring a PyTorch module; {@link TorchGraph.crossEntropy} closes it with the loss.
 *
 * @example
 * ```ts
 * const g = new TorchGraph([4, 16, 14, 14], (name, dims) => formulaUniform(name, dims, -1, 1));
 * const y = g.relu(g.batchNorm(g.conv(g.x, 'conv', { out: 32, kernel: 3, padding: 1, bias: false }), 'bn'));
 * const model = g.crossEntropy(g.linear(g.flatten(g.globalAveragePool(y)), 'fc', 10), 10);
 * ```
 */
export class TorchGraph {
  readonly b = new GraphBuilder({ name: 'torch_parity', opset: 17 });
  /** The input tensor, [N, C, H, W]. */
  readonly x: string;
  readonly batch: number;
  /** Names of the trainable parameters, in creation order. */
  readonly params: string[] = [];
  /** Each BatchNormalization node (named like the module) and its element count per channel M = N·H·W. */
  readonly batchNorms = new Map<string, number>();

  constructor(inputDims: readonly number[], private readonly source: TensorSource) {
    this.x = this.b.input('input', 'float32', inputDims);
    this.batch = inputDims[0]!;
  }

  private tensor(name: string, dims: readonly number[], trainable: boolean): string {
    if (trainable) this.params.push(name);
    return this.b.initializer(name, this.source(name, dims), dims);
  }

  private channels(x: string): number {
    return this.b.shapeOf(x)![1] as number;
  }

  /** `nn.Conv2d(in, out, kernel, stride, padding, groups=groups, bias=bias)` as `<name>.weight` / `<name>.bias`. */
  conv(x: string, name: string, o: TorchConv): string {
    const groups = o.groups ?? 1;
    const w = this.tensor(`${name}.weight`, [o.out, this.channels(x) / groups, o.kernel, o.kernel], true);
    const bias = o.bias ?? true ? this.tensor(`${name}.bias`, [o.out], true) : undefined;
    return this.b.conv(x, { weight: w, bias: false, ...(bias ? { biasTensor: bias } : {}), stride: o.stride ?? 1, pad: o.padding ?? 0, group: groups, name });
  }

  /** `nn.BatchNorm2d` (eps 1e-5, PyTorch momentum 0.1 = ONNX momentum 0.9); the node is named `name`. */
  batchNorm(x: string, name: string): string {
    const c = this.channels(x);
    this.batchNorms.set(name, (this.b.shapeOf(x)! as number[]).reduce((a, d, i) => (i === 1 ? a : a * d), 1));
    const inputs = [x, this.tensor(`${name}.weight`, [c], true), this.tensor(`${name}.bias`, [c], true), this.tensor(`${name}.running_mean`, [c], false), this.tensor(`${name}.running_var`, [c], false)];
    const [y] = this.b.node('BatchNormalization', inputs, { epsilon: floatAttr(1e-5), momentum: floatAttr(0.9) }, { name });
    this.b.setShape(y!, this.b.shapeOf(x)!);
    return y!;
  }

  /** `nn.Linear(in, out)`: Gemm(x, W [out, in]ᵀ, b). */
  linear(x: string, name: string, out: number): string {
    const inFeatures = this.b.shapeOf(x)![1] as number;
    const w = this.tensor(`${name}.weight`, [out, inFeatures], true);
    const bias = this.tensor(`${name}.bias`, [out], true);
    return this.b.gemm(x, w, bias, { transB: true, name });
  }

  relu(x: string): string {
    return this.b.relu(x);
  }

  /** `nn.ReLU6`: Clip(x, 0, 6). */
  relu6(x: string): string {
    const [y] = this.b.node('Clip', [x, this.b.constant([0], []), this.b.constant([6], [])]);
    this.b.setShape(y!, this.b.shapeOf(x)!);
    return y!;
  }

  /** `nn.LocalResponseNorm(size, alpha, beta, k)`. */
  lrn(x: string, size: number, alpha: number, beta: number, k: number): string {
    return this.b.lrn(x, { size, alpha, beta, bias: k });
  }

  /** `nn.MaxPool2d(kernel, stride)` (no padding, floor mode). */
  maxPool(x: string, kernel: number, stride: number): string {
    return this.b.maxPool(x, { kernel, stride });
  }

  add(a: string, b: string): string {
    return this.b.add(a, b);
  }

  /** `nn.AdaptiveAvgPool2d(1)`. */
  globalAveragePool(x: string): string {
    return this.b.globalAveragePool(x);
  }

  /** `nn.Flatten()` / `torch.flatten(x, 1)`. */
  flatten(x: string): string {
    return this.b.flatten(x);
  }

  /**
   * Closes the graph with `F.cross_entropy(logits, labels)` (mean over the batch): the labels come one-hot in
   * the input `onehot` [N, classes]; loss = −Σ onehot ⊙ LogSoftmax(logits) / N, output `loss` (a scalar), and
   * the logits are output too.
   */
  crossEntropy(logits: string, classes: number): ModelProto {
    const onehot = this.b.input('onehot', 'float32', [this.batch, classes]);
    const picked = this.b.mul(this.b.logSoftmax(logits, { axis: 1 }), onehot);
    const [total] = this.b.node('ReduceSum', [picked, this.b.constant([0, 1], [2], { dtype: 'int64' })], { keepdims: 0 });
    const [loss] = this.b.node('Mul', [total!, this.b.constant([-1 / this.batch], [])], {}, { outputs: ['loss'] });
    this.b.output(loss!, { dims: [] });
    this.b.output(logits, { dims: [this.batch, classes] });
    return this.b.build();
  }
}
