import { dtypeOf, type Matrix } from '../backend/matrix.js';
import type { Buffer, BuildContext, ForwardContext, Layer, LayerConfig, LayerType, Param } from './layer.js';
import { ScratchMatrix } from './scratch.js';

/**
 * Base of the parameter-free element-wise activations: subclasses give `f(x)` and `f'` expressed through
 * the input `x` and output `y` (whichever is cheaper).
 *
 * @example
 * ```ts
 * class Square extends ActivationLayer { ... } // see relu.ts for a real one
 * ```
 */
export abstract class ActivationLayer implements Layer {
  abstract readonly type: LayerType;
  name = '';
  trainable = true;
  inputs = 0;
  get outputs(): number {
    return this.inputs;
  }
  private x: Matrix | undefined;
  private y: Matrix | undefined;
  private readonly out = new ScratchMatrix();
  private readonly dx = new ScratchMatrix();

  protected abstract f(x: number): number;
  /** dy/dx given the input x and the output y = f(x). */
  protected abstract df(x: number, y: number): number;

  build(inputs: number, _ctx: BuildContext): number {
    this.inputs = inputs;
    return inputs;
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    const y = this.out.take(x.rows, x.cols, dtypeOf(x.data));
    const xd = x.data, yd = y.data;
    for (let i = 0; i < xd.length; i++) yd[i] = this.f(xd[i]!);
    this.x = x;
    this.y = y;
    return y;
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | undefined {
    if (!needInputGrad) return undefined;
    const x = this.x!, y = this.y!;
    const dx = this.dx.take(dy.rows, dy.cols, dtypeOf(dy.data));
    const xd = x.data, yd = y.data, g = dy.data, o = dx.data;
    for (let i = 0; i < g.length; i++) o[i] = g[i]! * this.df(xd[i]!, yd[i]!);
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
