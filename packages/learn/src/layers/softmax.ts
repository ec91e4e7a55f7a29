import { dtypeOf, type FloatArray, type Matrix } from '../backend/matrix.js';
import type { Buffer, BuildContext, ForwardContext, Layer, LayerConfig, Param } from './layer.js';
import { ScratchMatrix } from './scratch.js';

/**
 * Row-wise softmax of `x` (rows × cols) into `out`, max-subtracted so it never overflows.
 *
 * @example
 * ```ts
 * const p = new Float64Array(2);
 * softmaxRows(Float64Array.of(0, Math.log(3)), 1, 2, p); // p = [0.25, 0.75]
 * ```
 */
export function softmaxRows(x: ArrayLike<number>, rows: number, cols: number, out: FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[o + j]!);
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[o + j]! - max);
      out[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < cols; j++) out[o + j] /= sum;
  }
}

/** The softmax layer class; create with {@link softmax}. */
export class Softmax implements Layer {
  readonly type = 'softmax' as const;
  name = '';
  trainable = true;
  inputs = 0;
  get outputs(): number {
    return this.inputs;
  }
  private y: Matrix | undefined;
  private readonly out = new ScratchMatrix();
  private readonly dx = new ScratchMatrix();

  build(inputs: number, _ctx: BuildContext): number {
    this.inputs = inputs;
    return inputs;
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    const y = this.out.take(x.rows, x.cols, dtypeOf(x.data));
    softmaxRows(x.data, x.rows, x.cols, y.data);
    this.y = y;
    return y;
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | undefined {
    if (!needInputGrad) return undefined;
    const y = this.y!.data, g = dy.data, c = dy.cols;
    const dx = this.dx.take(dy.rows, c, dtypeOf(dy.data));
    for (let r = 0; r < dy.rows; r++) {
      const o = r * c;
      let dot = 0;
      for (let j = 0; j < c; j++) dot += g[o + j]! * y[o + j]!;
      for (let j = 0; j < c; j++) dx.data[o + j] = y[o + j]! * (g[o + j]! - dot);
    }
    return dx;
  }

  params(): readonly Param[] {
    return [];
  }
  buffers(): readonly Buffer[] {
    return [];
  }
  config(): LayerConfig {
    return {};
  }
}

/**
 * Row-wise softmax (over the features of each sample). Train classifiers on logits with
 * `categoricalCrossEntropy()` instead of ending in a softmax layer; use this for probabilities at export.
 *
 * @example
 * ```ts
 * sequential([dense(6), softmax()], { inputs: 1024 }).predict(x); // rows sum to 1
 * ```
 */
export function softmax(): Softmax {
  return new Softmax();
}
