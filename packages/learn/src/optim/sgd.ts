import type { Param } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { checkHyper, ParamState, type Optimizer } from './optimizer.js';
import { sgdUpdate } from './sgd-step.js';

/** Options of {@link sgd} (PyTorch `torch.optim.SGD` names and defaults). */
export interface SgdOptions {
  /** Learning rate. Default 0.01 (Keras's default too; PyTorch requires it). */
  readonly lr?: number;
  /** Default 0. */
  readonly momentum?: number;
  /** Default 0. */
  readonly dampening?: number;
  /** Coupled L2: g ← g + weightDecay·θ. Default 0. */
  readonly weightDecay?: number;
  /** Default false; needs momentum > 0 and dampening 0 (as PyTorch). */
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent exactly as PyTorch defines it: g ← g + λθ; b ← g on the first step, then
 * b ← μb + (1 − dampening)g; g ← g + μb (Nesterov) or b; θ ← θ − lr·g.
 * Keras differs: its momentum form is v ← μv − lr·g, θ ← θ + v (the same as PyTorch's only while lr is
 * constant), and its Nesterov step is written differently.
 *
 * @example
 * ```ts
 * const opt = sgd({ lr: 0.05, momentum: 0.9, nesterov: true });
 * ```
 */
export function sgd(options: SgdOptions = {}): Optimizer {
  const lr = options.lr ?? 0.01;
  const momentum = options.momentum ?? 0;
  const dampening = options.dampening ?? 0;
  const weightDecay = options.weightDecay ?? 0;
  const nesterov = options.nesterov ?? false;
  checkHyper('lr', lr, lr >= 0, '>= 0');
  checkHyper('momentum', momentum, momentum >= 0, '>= 0');
  checkHyper('weightDecay', weightDecay, weightDecay >= 0, '>= 0');
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new LearnError('learn/bad-argument', 'Nesterov momentum requires momentum > 0 and dampening 0');
  }
  const state = new ParamState(['buf'] as const);
  return {
    name: 'sgd',
    baseLr: lr,
    lr,
    step(params: readonly Param[]): void {
      const h = { lr: this.lr, momentum, dampening, weightDecay, nesterov };
      for (const p of params) {
        const s = state.of(p);
        s.t++;
        sgdUpdate(p.value, p.grad, s.buf, h, s.t === 1);
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
    config: () => ({ lr, momentum, dampening, weightDecay, nesterov }),
  };
}
