import type { Param } from '../layers/layer.js';
import type { ParamState } from './optimizer.js';

/** Hyper-parameters shared by Adam and AdamW. */
export interface AdamHyper {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly amsgrad: boolean;
  /** Coupled L2 added to the gradient (Adam's weight_decay). */
  readonly l2: number;
  /** Decoupled decay θ ← θ(1 − lr·λ) before the update (AdamW's weight_decay). */
  readonly decoupled: number;
}

/**
 * One Adam(W) update of every param, PyTorch's single-tensor algorithm: m ← β₁m + (1 − β₁)g,
 * v ← β₂v + (1 − β₂)g², denom = √v̂/√(1 − β₂ᵗ) + ε (v̂ = max over steps with AMSGrad),
 * θ ← θ − lr/(1 − β₁ᵗ)·m/denom.
 *
 * @example
 * ```ts
 * adamStep(params, state, lr, { beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false, l2: 0, decoupled: 0 });
 * ```
 */
export function adamStep(params: readonly Param[], state: ParamState<'m' | 'v' | 'vMax'>, lr: number, h: AdamHyper): void {
  for (const p of params) {
    const s = state.of(p);
    s.t++;
    const bc1 = 1 - Math.pow(h.beta1, s.t);
    const bc2Sqrt = Math.sqrt(1 - Math.pow(h.beta2, s.t));
    const stepSize = lr / bc1;
    const w = p.value, g = p.grad, m = s.m, v = s.v, vMax = s.vMax;
    const shrink = 1 - lr * h.decoupled;
    for (let i = 0; i < w.length; i++) {
      if (h.decoupled !== 0) w[i] *= shrink;
      let d = g[i]!;
      if (h.l2 !== 0) d += h.l2 * w[i]!;
      m[i] = h.beta1 * m[i]! + (1 - h.beta1) * d;
      v[i] = h.beta2 * v[i]! + (1 - h.beta2) * d * d;
      let second = v[i]!;
      if (h.amsgrad) {
        if (second > vMax[i]!) vMax[i] = second;
        second = vMax[i]!;
      }
      const denom = Math.sqrt(second) / bc2Sqrt + h.eps;
      w[i] -= (stepSize * m[i]!) / denom;
    }
  }
}
