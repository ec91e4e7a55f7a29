import { allocFloat, dtypeOf, type FloatArray, type Matrix } from '../backend/matrix.js';
import type { MatrixBackend } from '../backend/matrix-backend.js';
import { initialize, type InitializerSpec } from '../init/initializer.js';
import { glorotUniform, zeros } from '../init/variance-scaling.js';
import { LearnError } from '../learn-error.js';
import type { Buffer, BuildContext, ForwardContext, Layer, LayerConfig, Param } from './layer.js';
import { ScratchMatrix } from './scratch.js';

/** Options of {@link dense}. */
export interface DenseOptions {
  /** Default `glorotUniform()` (Keras's default; PyTorch's `nn.Linear` draws U(±1/sqrt(inputs)) instead). */
  readonly kernelInitializer?: InitializerSpec;
  /** Default `zeros()`. */
  readonly biasInitializer?: InitializerSpec;
  /** Default true. */
  readonly useBias?: boolean;
}

/** The dense layer class; create with {@link dense}. */
export class Dense implements Layer {
  readonly type = 'dense' as const;
  name = '';
  trainable = true;
  inputs = 0;
  readonly kernelInitializer: InitializerSpec;
  readonly biasInitializer: InitializerSpec;
  readonly useBias: boolean;
  private kernel: Param | undefined;
  private bias: Param | undefined;
  private backend: MatrixBackend | undefined;
  private x: Matrix | undefined;
  private readonly out = new ScratchMatrix();
  private readonly dx = new ScratchMatrix();

  constructor(readonly units: number, options: DenseOptions = {}) {
    if (!(Number.isInteger(units) && units > 0)) throw new LearnError('learn/bad-argument', `dense units must be a positive integer, got ${units}`);
    this.kernelInitializer = options.kernelInitializer ?? glorotUniform();
    this.biasInitializer = options.biasInitializer ?? zeros();
    this.useBias = options.useBias ?? true;
  }

  get outputs(): number {
    return this.units;
  }

  build(inputs: number, ctx: BuildContext): number {
    this.inputs = inputs;
    this.backend = ctx.backend;
    const make = (name: string, shape: number[]): Param => {
      const n = shape.reduce((a, b) => a * b, 1);
      return { name: `${this.name}/${name}`, shape, value: allocFloat(ctx.dtype, n), grad: allocFloat(ctx.dtype, n) };
    };
    this.kernel = make('kernel', [inputs, this.units]);
    initialize(this.kernelInitializer, this.kernel.value, inputs, this.units, ctx.rng);
    if (this.useBias) {
      this.bias = make('bias', [this.units]);
      initialize(this.biasInitializer, this.bias.value, inputs, this.units, ctx.rng);
    }
    return this.units;
  }

  /** The kernel, [inputs, units] row-major (Keras layout; PyTorch's `weight` is its transpose). */
  get kernelValue(): FloatArray {
    return this.requireBuilt().value;
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    const kernel = this.requireBuilt();
    const y = this.out.take(x.rows, this.units, dtypeOf(x.data));
    this.backend!.gemm({ transA: false, transB: false, m: x.rows, n: this.units, k: this.inputs, a: x.data, b: kernel.value, c: y.data });
    if (this.bias) this.backend!.addRowVector(y.data, x.rows, this.units, this.bias.value);
    this.x = x;
    return y;
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | undefined {
    const kernel = this.requireBuilt();
    const x = this.x!;
    const be = this.backend!;
    if (this.trainable) {
      be.gemm({ transA: true, transB: false, m: this.inputs, n: this.units, k: x.rows, a: x.data, b: dy.data, c: kernel.grad });
      if (this.bias) be.columnSums(dy.data, dy.rows, this.units, this.bias.grad);
    }
    if (!needInputGrad) return undefined;
    const dx = this.dx.take(dy.rows, this.inputs, dtypeOf(dy.data));
    be.gemm({ transA: false, transB: true, m: dy.rows, n: this.inputs, k: this.units, a: dy.data, b: kernel.value, c: dx.data });
    return dx;
  }

  params(): readonly Param[] {
    if (!this.kernel) return [];
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  buffers(): readonly Buffer[] {
    return [];
  }

  config(): LayerConfig {
    return { units: this.units, useBias: this.useBias, kernelInitializer: this.kernelInitializer, biasInitializer: this.biasInitializer };
  }

  private requireBuilt(): Param {
    if (!this.kernel) throw new LearnError('learn/not-built', `${this.name || 'dense'} is not built: put it in sequential([...], { inputs })`);
    return this.kernel;
  }
}

/**
 * A fully connected layer: y = x·W + b with W of shape [inputs, units] (Keras's layout).
 *
 * @example
 * ```ts
 * const model = sequential([dense(256, { kernelInitializer: heNormal() }), relu(), dense(1)], { inputs: 2048 });
 * model.predict(x); // x: n × 2048 → n × 1 logits
 * ```
 */
export function dense(units: number, options?: DenseOptions): Dense {
  return new Dense(units, options);
}
