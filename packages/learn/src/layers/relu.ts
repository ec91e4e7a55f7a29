import { ActivationLayer } from './activation-layer.js';

/** The ReLU layer class; create with {@link relu}. */
export class ReLU extends ActivationLayer {
  readonly type = 'relu' as const;
  protected f(x: number): number {
    return x > 0 ? x : 0;
  }
  protected df(x: number): number {
    return x > 0 ? 1 : 0;
  }
}

/**
 * max(0, x). The derivative at 0 is taken as 0 (as PyTorch and TensorFlow do).
 *
 * @example
 * ```ts
 * sequential([dense(64), relu(), dense(1)], { inputs: 512 });
 * ```
 */
export function relu(): ReLU {
  return new ReLU();
}
