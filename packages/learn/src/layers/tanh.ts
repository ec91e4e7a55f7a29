import { ActivationLayer } from './activation-layer.js';

/** The tanh layer class; create with {@link tanh}. */
export class Tanh extends ActivationLayer {
  readonly type = 'tanh' as const;
  protected f(x: number): number {
    return Math.tanh(x);
  }
  protected df(_x: number, y: number): number {
    return 1 - y * y;
  }
}

/**
 * Hyperbolic tangent.
 *
 * @example
 * ```ts
 * sequential([dense(16), tanh(), dense(1)], { inputs: 8 });
 * ```
 */
export function tanh(): Tanh {
  return new Tanh();
}
