import type { FloatArray } from '../backend/matrix.js';
import type { Param } from '../layers/layer.js';
import { adamSimd32 } from './adam-kernels.js';
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
    if (fast) {
      const shrink = 1 - lr * h.decoupled;
      // the SIMD kernel gives adam32's bits in a fraction of its time (issue #17)
      if (!adamSimd32(w, g, m, v, c, shrink)) adam32(w, g, m, v, c, shrink);
    } else {
      adamGeneral(w, g, m, v, s.vMax, c, h, lr);
    }
  }
}

interface AdamConstants {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** lr / (1 − β₁ᵗ). */
  readonly stepSize: number;
  /** √(1 − β₂ᵗ). */
  readonly bc2Sqrt: number;
}

const f = Math.fround;

/**
 * The common case (float32, no AMSGrad, no coupled L2; AdamW's decoupled decay as `shrink`) in float32
 * arithmetic: the operations of the SIMD kernel (kernels/adam-kernels.wat) in the same order, each rounded
 * with Math.fround (binary64 then binary32 rounding of +, ×, ÷ and √ on float32 operands is exact binary32
 * arithmetic), so both give the same bits; the loop for where WebAssembly SIMD is missing.
 */
function adam32(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, c: AdamConstants, shrinkBy: number): void {
  const b1 = f(c.beta1), c1 = f(1 - c.beta1), b2 = f(c.beta2), c2 = f(1 - c.beta2), step = f(c.stepSize), bc2 = f(c.bc2Sqrt), eps = f(c.eps), shrink = f(shrinkBy);
  const decay = shrink !== 1;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const d = g[i]!;
    const mi = f(f(b1 * m[i]!) + f(c1 * d));
    const vi = f(f(b2 * v[i]!) + f(f(c2 * d) * d));
    m[i] = mi;
    v[i] = vi;
    const wi = decay ? f(w[i]! * shrink) : w[i]!;
    w[i] = wi - f(f(step * mi) / f(f(f(Math.sqrt(vi)) / bc2) + eps));
  }
}

/**
 * Any dtype and option: decoupled decay, coupled L2, AMSGrad. Float32 arrays get float32 arithmetic (the
 * operations of {@link adam32}, L2 and AMSGrad added), float64 arrays float64.
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
