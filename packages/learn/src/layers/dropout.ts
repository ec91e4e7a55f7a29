import { dtypeOf, type Matrix } from '../backend/matrix.js';
import { LearnError } from '../learn-error.js';
import type { Buffer, BuildContext, ForwardContext, Layer, LayerConfig, Param } from './layer.js';
import { ScratchMatrix } from './scratch.js';

/** The dropout layer class; create with {@link dropout}. */
export class Dropout implements Layer {
  readonly type = 'dropout' as const;
  name = '';
  trainable = true;
  inputs = 0;
  get outputs(): number {
    return this.inputs;
  }
  private mask: Float64Array | undefined;
  private active = false;
  private readonly out = new ScratchMatrix();
  private readonly dx = new ScratchMatrix();

  constructor(readonly rate: number) {
    if (!(rate >= 0 && rate < 1)) throw new LearnError('learn/bad-argument', `dropout rate must be in [0, 1), got ${rate}`);
  }

  build(inputs: number, _ctx: BuildContext): number {
    this.inputs = inputs;
    return inputs;
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    this.active = (ctx.dropout ?? ctx.training) && this.rate > 0;
    if (!this.active) return x;
    if (!ctx.rng) throw new LearnError('learn/bad-argument', `${this.name}: dropout in training mode needs ctx.rng`);
    const n = x.data.length;
    if (!this.mask || this.mask.length < n) this.mask = new Float64Array(n);
    const keep = 1 - this.rate, scale = 1 / keep, mask = this.mask;
    const y = this.out.take(x.rows, x.cols, dtypeOf(x.data));
    for (let i = 0; i < n; i++) {
      const m = ctx.rng.uniform() < keep ? scale : 0;
      mask[i] = m;
      y.data[i] = x.data[i]! * m;
    }
    return y;
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | undefined {
    if (!needInputGrad) return undefined;
    if (!this.active) return dy;
    const dx = this.dx.take(dy.rows, dy.cols, dtypeOf(dy.data));
    const mask = this.mask!;
    for (let i = 0; i < dy.data.length; i++) dx.data[i] = dy.data[i]! * mask[i]!;
    return dx;
  }

  params(): readonly Param[] {
    return [];
  }
  buffers(): readonly Buffer[] {
    return [];
  }
  config(): LayerConfig {
    return { rate: this.rate };
  }
}

/**
 * Inverted dropout: in training mode each value is zeroed with probability `rate` and the rest scaled by
 * 1/(1 − rate); at inference it is the identity. Active when the call says `dropout: true` or, by default,
 * `training: true` (MC-dropout turns it on with batch norm still in inference mode).
 *
 * @example
 * ```ts
 * sequential([dense(256), relu(), dropout(0.5), dense(1)], { inputs: 1024 });
 * ```
 */
export function dropout(rate: number): Dropout {
  return new Dropout(rate);
}
