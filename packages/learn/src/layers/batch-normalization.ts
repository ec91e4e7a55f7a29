import { allocFloat, dtypeOf, type Matrix } from '../backend/matrix.js';
import { LearnError } from '../learn-error.js';
import type { Buffer, BuildContext, ForwardContext, Layer, LayerConfig, Param } from './layer.js';
import { ScratchMatrix } from './scratch.js';

/** Options of {@link batchNormalization}. */
export interface BatchNormalizationOptions {
  /**
   * PyTorch convention: running = (1 − momentum)·running + momentum·batch. Default 0.1.
   * Keras's `momentum=0.99` is `momentum: 0.01` here.
   */
  readonly momentum?: number;
  /** Added to the variance. Default 1e-5 (PyTorch); Keras's default is 1e-3. */
  readonly epsilon?: number;
  /**
   * Pin the statistics mode regardless of the call: `false` = always running statistics (a frozen BN
   * layer inside a model still being trained), `true` = always batch statistics. Default: follow the call.
   */
  readonly training?: boolean;
}

/** The batch-norm layer class; create with {@link batchNormalization}. */
export class BatchNormalization implements Layer {
  readonly type = 'batchNormalization' as const;
  name = '';
  /** Whether gamma and beta learn. Independent of which statistics are used (see `training`). */
  trainable = true;
  /** Undefined: follow the call's `training`; otherwise pinned. */
  training: boolean | undefined;
  inputs = 0;
  readonly momentum: number;
  readonly epsilon: number;
  private gamma: Param | undefined;
  private beta: Param | undefined;
  private runningMean: Buffer | undefined;
  private runningVar: Buffer | undefined;
  private xhat: Float64Array = new Float64Array(0);
  private invStd: Float64Array = new Float64Array(0);
  private usedBatchStats = false;
  private readonly out = new ScratchMatrix();
  private readonly dx = new ScratchMatrix();

  constructor(options: BatchNormalizationOptions = {}) {
    this.momentum = options.momentum ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-5;
    this.training = options.training;
  }

  get outputs(): number {
    return this.inputs;
  }

  build(inputs: number, ctx: BuildContext): number {
    this.inputs = inputs;
    const p = (name: string): Param => ({ name: `${this.name}/${name}`, shape: [inputs], value: allocFloat(ctx.dtype, inputs), grad: allocFloat(ctx.dtype, inputs) });
    this.gamma = p('gamma');
    this.gamma.value.fill(1);
    this.beta = p('beta');
    this.runningMean = { name: `${this.name}/running_mean`, shape: [inputs], value: allocFloat(ctx.dtype, inputs) };
    this.runningVar = { name: `${this.name}/running_var`, shape: [inputs], value: allocFloat(ctx.dtype, inputs) };
    this.runningVar.value.fill(1);
    this.invStd = new Float64Array(inputs);
    return inputs;
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    if (!this.gamma) throw new LearnError('learn/not-built', `${this.name || 'batchNormalization'} is not built`);
    const n = x.rows, c = x.cols, xd = x.data;
    const useBatch = this.training ?? ctx.training;
    const y = this.out.take(n, c, dtypeOf(xd));
    if (this.xhat.length < n * c) this.xhat = new Float64Array(n * c);
    const g = this.gamma.value, b = this.beta!.value, rm = this.runningMean!.value, rv = this.runningVar!.value;
    for (let j = 0; j < c; j++) {
      let mean: number, variance: number;
      if (useBatch) {
        if (n < 2) throw new LearnError('learn/bad-argument', `${this.name}: batch statistics need at least 2 rows per batch, got ${n}`, { hint: 'use a larger batch or drop the last batch' });
        let s = 0;
        for (let i = 0; i < n; i++) s += xd[i * c + j]!;
        mean = s / n;
        let ss = 0;
        for (let i = 0; i < n; i++) {
          const d = xd[i * c + j]! - mean;
          ss += d * d;
        }
        variance = ss / n;
        rm[j] = (1 - this.momentum) * rm[j]! + this.momentum * mean;
        rv[j] = (1 - this.momentum) * rv[j]! + this.momentum * (ss / (n - 1));
      } else {
        mean = rm[j]!;
        variance = rv[j]!;
      }
      const inv = 1 / Math.sqrt(variance + this.epsilon);
      this.invStd[j] = inv;
      for (let i = 0; i < n; i++) {
        const h = (xd[i * c + j]! - mean) * inv;
        this.xhat[i * c + j] = h;
        y.data[i * c + j] = g[j]! * h + b[j]!;
      }
    }
    this.usedBatchStats = useBatch;
    return y;
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | undefined {
    const n = dy.rows, c = dy.cols, g = dy.data, xhat = this.xhat, gamma = this.gamma!.value;
    const dx = needInputGrad ? this.dx.take(n, c, dtypeOf(g)) : undefined;
    for (let j = 0; j < c; j++) {
      let sumDy = 0, sumDyXhat = 0;
      for (let i = 0; i < n; i++) {
        sumDy += g[i * c + j]!;
        sumDyXhat += g[i * c + j]! * xhat[i * c + j]!;
      }
      if (this.trainable) {
        this.gamma!.grad[j] = sumDyXhat;
        this.beta!.grad[j] = sumDy;
      }
      if (!dx) continue;
      const k = gamma[j]! * this.invStd[j]!;
      if (this.usedBatchStats) {
        for (let i = 0; i < n; i++) dx.data[i * c + j] = (k / n) * (n * g[i * c + j]! - sumDy - xhat[i * c + j]! * sumDyXhat);
      } else {
        for (let i = 0; i < n; i++) dx.data[i * c + j] = k * g[i * c + j]!;
      }
    }
    return dx;
  }

  params(): readonly Param[] {
    return this.gamma ? [this.gamma, this.beta!] : [];
  }

  buffers(): readonly Buffer[] {
    return this.runningMean ? [this.runningMean, this.runningVar!] : [];
  }

  config(): LayerConfig {
    return { momentum: this.momentum, epsilon: this.epsilon, ...(this.training === undefined ? {} : { training: this.training }), trainable: this.trainable };
  }
}

/**
 * Batch normalisation over features (PyTorch `BatchNorm1d` semantics: biased batch variance to normalise,
 * unbiased variance into the running estimate). Two independent switches, because conflating them is the
 * frozen-BN trap (Keras #9214):
 * - `trainable` (property): do gamma/beta learn?
 * - `training` (the call's flag, or pinned with the `training` option): batch statistics (and update the
 *   running ones) or running statistics?
 *
 * @example
 * ```ts
 * const bn = batchNormalization();
 * const model = sequential([dense(256), bn, relu(), dense(1)], { inputs: 1024 });
 * bn.trainable = false;  // gamma/beta frozen, statistics still follow fit()'s training mode
 * bn.training = false;   // and now the running statistics are used and left unchanged
 * ```
 */
export function batchNormalization(options?: BatchNormalizationOptions): BatchNormalization {
  return new BatchNormalization(options);
}
