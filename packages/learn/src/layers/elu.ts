import type { LayerConfig } from './layer.js';
import { ActivationLayer } from './activation-layer.js';

/** The ELU layer class; create with {@link elu}. */
export class ELU extends ActivationLayer {
  readonly type = 'elu' as const;
  constructor(readonly alpha: number) {
    super();
  }
  protected f(x: number): number {
    return x > 0 ? x : this.alpha * Math.expm1(x);
  }
  protected df(x: number, y: number): number {
    return x > 0 ? 1 : y + this.alpha;
  }
  override config(): LayerConfig {
    return { alpha: this.alpha };
  }
}

/**
 * x for x > 0, else alpha·(eˣ − 1); alpha defaults to 1 (PyTorch and Keras agree).
 *
 * @example
 * ```ts
 * sequential([dense(64), elu(), dense(1)], { inputs: 512 });
 * ```
 */
export function elu(options: { alpha?: number } = {}): ELU {
  return new ELU(options.alpha ?? 1);
}
