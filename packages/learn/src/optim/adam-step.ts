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
    const c: AdamConstants = {
      beta1: h.beta1,
      beta2: h.beta2,
      eps: h.eps,
      stepSize: lr / (1 - Math.pow(h.beta1, s.t)),
      bc2Sqrt: Math.sqrt(1 - Math.pow(h.beta2, s.t)),
    };
    const w = p.value, g = p.grad, m = s.m, v = s.v;
    const fast = !h.amsgrad && h.l2 === 0 && w instanceof Float32Array && g instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array;
    if (fast && h.decoupled === 0) {
      // the SIMD kernel gives the same bits as adamPlain32 in ~60% of its time (issue #17)
      if (!adamSimd32(w, g, m, v, c)) adamPlain32(w, g, m, v, c);
    } else if (fast) {
      adamDecoupled32(w, g, m, v, c, 1 - lr * h.decoupled);
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

/**
 * The common case (float32, no AMSGrad, no decay) as a tight loop. NOTE: the arithmetic is exactly that of
 * {@link adamGeneral} (float64 expressions, float32 stores; `Math.fround` gives the value a store-then-load
 * would), but with every constant in a local and no re-loads it runs ~3× faster in V8 (6 vs 19 ms per 525k
 * params), which matters because Adam in TypeScript was ~40% of an ORT training step. What remains is two
 * float64 divisions and a square root per element (~5 ns), the form PyTorch's update is written in.
 */
function adamPlain32(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, c: AdamConstants): void {
  const b1 = c.beta1, c1 = 1 - c.beta1, b2 = c.beta2, c2 = 1 - c.beta2, stepSize = c.stepSize, bc2Sqrt = c.bc2Sqrt, eps = c.eps;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const d = g[i]!;
    const mi = Math.fround(b1 * m[i]! + c1 * d);
    const vi = Math.fround(b2 * v[i]! + c2 * d * d);
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i]! - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
  }
}

/**
 * AdamW's common case (float32, decoupled decay θ ← θ·shrink first, no AMSGrad, no L2): {@link adamPlain32}
 * with the decayed weight rounded as its store would be. NOTE: kept apart from adamPlain32 because the extra
 * multiply-and-round costs plain Adam ~25% in V8; this loop is ~1.4× faster than {@link adamGeneral} for
 * AdamW (5.8 vs 8–11 ns per element, 2.4 M params), with the same results bit for bit.
 */
function adamDecoupled32(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, c: AdamConstants, shrink: number): void {
  const b1 = c.beta1, c1 = 1 - c.beta1, b2 = c.beta2, c2 = 1 - c.beta2, stepSize = c.stepSize, bc2Sqrt = c.bc2Sqrt, eps = c.eps;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const wi = Math.fround(w[i]! * shrink);
    const d = g[i]!;
    const mi = Math.fround(b1 * m[i]! + c1 * d);
    const vi = Math.fround(b2 * v[i]! + c2 * d * d);
    m[i] = mi;
    v[i] = vi;
    w[i] = wi - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
  }
}

/** Any dtype and option: decoupled decay, coupled L2, AMSGrad. */
function adamGeneral(w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, vMax: FloatArray, c: AdamConstants, h: AdamHyper, lr: number): void {
  const b1 = c.beta1, c1 = 1 - c.beta1, b2 = c.beta2, c2 = 1 - c.beta2, stepSize = c.stepSize, bc2Sqrt = c.bc2Sqrt, eps = c.eps;
  const shrink = 1 - lr * h.decoupled, decoupled = h.decoupled !== 0, l2 = h.l2, amsgrad = h.amsgrad;
  for (let i = 0; i < w.length; i++) {
    if (decoupled) w[i] *= shrink;
    let d = g[i]!;
    if (l2 !== 0) d += l2 * w[i]!;
    m[i] = b1 * m[i]! + c1 * d;
    v[i] = b2 * v[i]! + c2 * d * d;
    let second = v[i]!;
    if (amsgrad) {
      if (second > vMax[i]!) vMax[i] = second;
      second = vMax[i]!;
    }
    const denom = Math.sqrt(second) / bc2Sqrt + eps;
    w[i] -= (stepSize * m[i]!) / denom;
  }
}
