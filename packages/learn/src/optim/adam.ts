import type { Param } from '../layers/layer.js';
import { adamStep } from './adam-step.js';
import { checkHyper, ParamState, type Optimizer } from './optimizer.js';

/** Options of {@link adam} (PyTorch `torch.optim.Adam` names and defaults). */
export interface AdamOptions {
  /** Default 1e-3. */
  readonly lr?: number;
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /**
   * Default 1e-8. Keras: 1e-7, added to √v before the bias correction (the paper's ε̂), so early steps
   * differ slightly from PyTorch's form.
   */
  readonly eps?: number;
  /** Coupled L2: g ← g + λθ (for decoupled decay use {@link adamw}). Default 0. */
  readonly weightDecay?: number;
  /** Default false. */
  readonly amsgrad?: boolean;
}

/**
 * Adam as PyTorch defines it (see `adamStep`). Keras's Adam differs only in ε (default and placement).
 *
 * @example
 * ```ts
 * await fit(model, x, y, { loss: binaryCrossEntropy(), optimizer: adam({ lr: 1e-3 }), epochs: 10 });
 * ```
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const lr = options.lr ?? 1e-3;
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.eps ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0;
  const amsgrad = options.amsgrad ?? false;
  checkHyper('lr', lr, lr >= 0, '>= 0');
  checkHyper('beta1', beta1, beta1 >= 0 && beta1 < 1, 'in [0, 1)');
  checkHyper('beta2', beta2, beta2 >= 0 && beta2 < 1, 'in [0, 1)');
  const state = new ParamState(['m', 'v', 'vMax'] as const);
  return {
    name: 'adam',
    baseLr: lr,
    lr,
    step(params: readonly Param[]): void {
      adamStep(params, state, this.lr, { beta1, beta2, eps, amsgrad, l2: weightDecay, decoupled: 0 });
    },
    reset: () => state.clear(),
    saveState(params) {
      return { lr: this.lr, params: state.save(params) };
    },
    loadState(params, saved) {
      state.load(params, saved.params);
      this.lr = saved.lr;
    },
    config: () => ({ lr, beta1, beta2, eps, weightDecay, amsgrad }),
  };
}
