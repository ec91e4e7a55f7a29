import type { Param } from '../layers/layer.js';
import { adamStep } from './adam-step.js';
import type { AdamOptions } from './adam.js';
import { checkHyper, ParamState, type Optimizer } from './optimizer.js';

/**
 * AdamW as PyTorch defines it: θ ← θ·(1 − lr·λ), then the Adam step without L2. `weightDecay` defaults to
 * 0.01 (PyTorch; Keras's AdamW uses 0.004).
 *
 * @example
 * ```ts
 * const opt = adamw({ lr: 1e-3, weightDecay: 1e-2, amsgrad: true });
 * ```
 */
export function adamw(options: AdamOptions = {}): Optimizer {
  const lr = options.lr ?? 1e-3;
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.eps ?? 1e-8;
  const weightDecay = options.weightDecay ?? 1e-2;
  const amsgrad = options.amsgrad ?? false;
  checkHyper('lr', lr, lr >= 0, '>= 0');
  checkHyper('weightDecay', weightDecay, weightDecay >= 0, '>= 0');
  const state = new ParamState(['m', 'v', 'vMax'] as const);
  return {
    name: 'adamw',
    baseLr: lr,
    lr,
    step(params: readonly Param[]): void {
      adamStep(params, state, this.lr, { beta1, beta2, eps, amsgrad, l2: 0, decoupled: weightDecay });
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
