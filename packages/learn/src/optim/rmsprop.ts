import type { Param } from '../layers/layer.js';
import { checkHyper, ParamState, type Optimizer } from './optimizer.js';

/** Options of {@link rmsprop} (PyTorch `torch.optim.RMSprop` names and defaults). */
export interface RmspropOptions {
  /** Default 0.01 (Keras: 0.001). */
  readonly lr?: number;
  /** Smoothing constant. Default 0.99 (Keras calls it rho, default 0.9). */
  readonly alpha?: number;
  /** Added outside the square root. Default 1e-8 (Keras: 1e-7). */
  readonly eps?: number;
  /** Coupled L2. Default 0. */
  readonly weightDecay?: number;
  /** Default 0. */
  readonly momentum?: number;
  /** Normalise by the estimated variance instead of the raw second moment. Default false. */
  readonly centered?: boolean;
}

/**
 * RMSprop as PyTorch defines it: g ← g + λθ; v ← αv + (1 − α)g²; centred: ḡ ← αḡ + (1 − α)g and
 * a = √(v − ḡ²) + ε, else a = √v + ε; with momentum b ← μb + g/a, θ ← θ − lr·b, else θ ← θ − lr·g/a.
 * Keras's RMSprop: rho 0.9, ε 1e-7 (TF2 also outside the root), lr 0.001.
 *
 * @example
 * ```ts
 * const opt = rmsprop({ lr: 1e-3, centered: true });
 * ```
 */
export function rmsprop(options: RmspropOptions = {}): Optimizer {
  const lr = options.lr ?? 0.01;
  const alpha = options.alpha ?? 0.99;
  const eps = options.eps ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0;
  const momentum = options.momentum ?? 0;
  const centered = options.centered ?? false;
  checkHyper('lr', lr, lr >= 0, '>= 0');
  checkHyper('alpha', alpha, alpha >= 0 && alpha < 1, 'in [0, 1)');
  const state = new ParamState(['v', 'gAvg', 'buf'] as const);
  return {
    name: 'rmsprop',
    baseLr: lr,
    lr,
    step(params: readonly Param[]): void {
      for (const p of params) {
        const s = state.of(p);
        s.t++;
        const w = p.value, g = p.grad, v = s.v, ga = s.gAvg, b = s.buf;
        for (let i = 0; i < w.length; i++) {
          let d = g[i]!;
          if (weightDecay !== 0) d += weightDecay * w[i]!;
          v[i] = alpha * v[i]! + (1 - alpha) * d * d;
          let a: number;
          if (centered) {
            ga[i] = alpha * ga[i]! + (1 - alpha) * d;
            a = Math.sqrt(v[i]! - ga[i]! * ga[i]!) + eps;
          } else {
            a = Math.sqrt(v[i]!) + eps;
          }
          if (momentum > 0) {
            b[i] = momentum * b[i]! + d / a;
            w[i] -= this.lr * b[i]!;
          } else {
            w[i] -= (this.lr * d) / a;
          }
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
    config: () => ({ lr, alpha, eps, weightDecay, momentum, centered }),
  };
}
