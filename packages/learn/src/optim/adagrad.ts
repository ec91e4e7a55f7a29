import type { Param } from '../layers/layer.js';
import { checkHyper, ParamState, type Optimizer } from './optimizer.js';

/** Options of {@link adagrad} (PyTorch `torch.optim.Adagrad` names and defaults). */
export interface AdagradOptions {
  /** Default 0.01 (Keras: 0.001). */
  readonly lr?: number;
  /** clr = lr / (1 + (t − 1)·lrDecay). Default 0. */
  readonly lrDecay?: number;
  /** Coupled L2. Default 0. */
  readonly weightDecay?: number;
  /** Default 0 (Keras: 0.1). */
  readonly initialAccumulatorValue?: number;
  /** Added outside the square root. Default 1e-10 (Keras: 1e-7). */
  readonly eps?: number;
}

/**
 * Adagrad as PyTorch defines it: g ← g + λθ; s ← s + g²; θ ← θ − clr·g / (√s + ε).
 *
 * @example
 * ```ts
 * const opt = adagrad({ lr: 0.05 });
 * ```
 */
export function adagrad(options: AdagradOptions = {}): Optimizer {
  const lr = options.lr ?? 0.01;
  const lrDecay = options.lrDecay ?? 0;
  const weightDecay = options.weightDecay ?? 0;
  const init = options.initialAccumulatorValue ?? 0;
  const eps = options.eps ?? 1e-10;
  checkHyper('lr', lr, lr >= 0, '>= 0');
  checkHyper('initialAccumulatorValue', init, init >= 0, '>= 0');
  const state = new ParamState(['sum'] as const, init);
  return {
    name: 'adagrad',
    baseLr: lr,
    lr,
    step(params: readonly Param[]): void {
      for (const p of params) {
        const s = state.of(p);
        s.t++;
        const clr = this.lr / (1 + (s.t - 1) * lrDecay);
        const w = p.value, g = p.grad, sum = s.sum;
        for (let i = 0; i < w.length; i++) {
          let d = g[i]!;
          if (weightDecay !== 0) d += weightDecay * w[i]!;
          sum[i] += d * d;
          w[i] -= (clr * d) / (Math.sqrt(sum[i]!) + eps);
        }
      }
    },
    reset: () => state.clear(),
    saveState(params) {
      return { lr: this.lr, params: state.save(params) };
    },
    loadState(params, saved) {
      state.load(params, saved.params);
      this.lr = saved.lr;
    },
    config: () => ({ lr, lrDecay, weightDecay, initialAccumulatorValue: init, eps }),
  };
}
