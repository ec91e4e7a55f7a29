import type { FloatArray } from '../backend/matrix.js';
import type { Param } from '../layers/layer.js';
import { adamSimd32, type AdamKernelConstants } from './adam-kernels.js';
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
 * θ ← θ − lr/(1 − β₁ᵗ)·m/denom. Float32 params are updated in float32 arithmetic (every operation and
 * constant rounded to float32, as PyTorch computes a float32 tensor's update on the CPU), float64 params in
 * float64; the SIMD kernel, the JavaScript loops and the general path give the same bits.
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
    const c: AdamConstants = {
      beta1: h.beta1,
      beta2: h.beta2,
      eps: h.eps,
      stepSize: lr / (1 - Math.pow(h.beta1, s.t)),
      bc2Sqrt: Math.sqrt(1 - Math.pow(h.beta2, s.t)),
    };
    const w = p.value, g = p.grad, m = s.m, v = s.v;
    const fast = !h.amsgrad && h.l2 === 0 && w instanceof Float32Array && g instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array;
    // the SIMD kernel for float32 without AMSGrad or L2 (issue #17); adamGeneral gives the same bits elsewhere
    if (!(fast && adamSimd32(w, g, m, v, c, 1 - lr * h.decoupled))) adamGeneral(w, g, m, v, s.vMax, c, h, lr);
  }
}

type AdamConstants = AdamKernelConstants;

const f = Math.fround;

/**
 * Any dtype and option: decoupled decay, coupled L2, AMSGrad. Float32 arrays get float32 arithmetic, the
 * operations of the SIMD kernel (kernels/adam-kernels.wat) in the same order (plus L2 and AMSGrad), each rounded
 * with Math.fround (binary64 then binary32 rounding of +, ×, ÷ and √ on float32 operands is exact binary32
 * arithmetic), so the two give the same bits; float64 arrays get float64.
 */
function adamGeneral(w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, vMax: FloatArray, c: AdamConstants, h: AdamHyper, lr: number): void {
  const r = w instanceof Float32Array ? f : (x: number): number => x;
  const b1 = r(c.beta1), c1 = r(1 - c.beta1), b2 = r(c.beta2), c2 = r(1 - c.beta2), step = r(c.stepSize), bc2 = r(c.bc2Sqrt), eps = r(c.eps);
  const shrink = r(1 - lr * h.decoupled), decoupled = h.decoupled !== 0, l2 = r(h.l2), amsgrad = h.amsgrad;
  for (let i = 0; i < w.length; i++) {
    const wi = decoupled ? r(w[i]! * shrink) : w[i]!;
    let d = g[i]!;
    if (l2 !== 0) d = r(d + r(l2 * wi));
    const mi = r(r(b1 * m[i]!) + r(c1 * d));
    const vi = r(r(b2 * v[i]!) + r(r(c2 * d) * d));
    m[i] = mi;
    v[i] = vi;
    let second = vi;
    if (amsgrad) {
      if (second > vMax[i]!) vMax[i] = second;
      second = vMax[i]!;
    }
    w[i] = wi - r(r(step * mi) / r(r(r(Math.sqrt(second)) / bc2) + eps));
  }
}
