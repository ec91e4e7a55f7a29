import { ActivationLayer } from './activation-layer.js';

/**
 * The logistic function, stable for large |x|.
 *
 * @example
 * ```ts
 * logistic(0); // 0.5
 * ```
 */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The sigmoid layer class; create with {@link sigmoid}. */
export class Sigmoid extends ActivationLayer {
  readonly type = 'sigmoid' as const;
  protected f(x: number): number {
    return logistic(x);
  }
  protected df(_x: number, y: number): number {
    return y * (1 - y);
  }
}

/**
 * 1 / (1 + e⁻ˣ). Train binary heads on logits with `binaryCrossEntropy()` instead of ending in a sigmoid.
 *
 * @example
 * ```ts
 * sequential([dense(16), sigmoid(), dense(1)], { inputs: 8 });
 * ```
 */
export function sigmoid(): Sigmoid {
  return new Sigmoid();
}
