import type { LayerConfig } from './layer.js';
import { ActivationLayer } from './activation-layer.js';

/** The LeakyReLU layer class; create with {@link leakyRelu}. */
export class LeakyReLU extends ActivationLayer {
  readonly type = 'leakyRelu' as const;
  constructor(readonly negativeSlope: number) {
    super();
  }
  protected f(x: number): number {
    return x > 0 ? x : this.negativeSlope * x;
  }
  protected df(x: number): number {
    return x > 0 ? 1 : this.negativeSlope;
  }
  override config(): LayerConfig {
    return { negativeSlope: this.negativeSlope };
  }
}

/**
 * x for x > 0, else negativeSlope·x. Default slope 0.01 as PyTorch `nn.LeakyReLU`
 * (Keras `LeakyReLU` defaults to alpha = 0.3: pass it explicitly when porting).
 *
 * @example
 * ```ts
 * sequential([dense(64), leakyRelu({ negativeSlope: 0.3 }), dense(1)], { inputs: 512 });
 * ```
 */
export function leakyRelu(options: { negativeSlope?: number } = {}): LeakyReLU {
  return new LeakyReLU(options.negativeSlope ?? 0.01);
}
