import type { FloatArray } from '../backend/matrix.js';
import { sgdSimd32, type SgdKernelConstants } from './sgd-kernels.js';

/** Hyper-parameters of one SGD update (see `sgd`). */
export interface SgdHyper {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
}

/**
 * One PyTorch SGD update of one param in place: d = g + λθ; with momentum b ← d on the param's first step
 * (`first`), else b ← μb + (1 − dampening)d; d ← d + μb (Nesterov) or b; θ ← θ − lr·d.
 * Float32 params update in float32 arithmetic, as PyTorch computes a float32 tensor's update on the CPU: in the
 * WebAssembly SIMD kernel (`sgd-kernels.ts`) where it is available, else in {@link sgdFloat32} (the same bits).
 * Float64 params (and mixed arrays) take the float64 loops below.
 * NOTE: the float64 loops' arithmetic is exactly that of the per-element form they replace (float64
 * expressions, stores into the arrays' dtype, the stored b read back before use), but the options are read
 * once, outside the loops, and each array element is loaded once: 8.4 M float32 params with momentum went
 * from ~9.5 to ~2.5 ns per element in V8 (the bare loop's memory traffic is ~2 ns); the SIMD kernel takes ~1.
 *
 * @example
 * ```ts
 * sgdUpdate(p.value, p.grad, state.buf, { lr: 0.01, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false }, s.t === 1);
 * ```
 */
export function sgdUpdate(w: FloatArray, g: FloatArray, b: FloatArray, h: SgdHyper, first: boolean): void {
  if (w instanceof Float32Array && g instanceof Float32Array && b instanceof Float32Array) {
    const c: SgdKernelConstants = { lr: h.lr, momentum: h.momentum, keep: 1 - h.dampening, weightDecay: h.weightDecay, first, nesterov: h.nesterov };
    if (!sgdSimd32(w, g, b, c)) sgdFloat32(w, g, b, c);
    return;
  }
  const lr = h.lr, mu = h.momentum, keep = 1 - h.dampening, wd = h.weightDecay, nesterov = h.nesterov, n = w.length;
  if (mu === 0) {
    if (wd === 0) for (let i = 0; i < n; i++) w[i] = w[i]! - lr * g[i]!;
    else for (let i = 0; i < n; i++) w[i] = w[i]! - lr * (g[i]! + wd * w[i]!);
  } else if (first) {
    // b ← d; the step uses the stored (rounded) b, plus μb for Nesterov
    for (let i = 0; i < n; i++) {
      const d = wd === 0 ? g[i]! : g[i]! + wd * w[i]!;
      b[i] = d;
      const bi = b[i]!;
      w[i] = w[i]! - lr * (nesterov ? d + mu * bi : bi);
    }
  } else if (nesterov) {
    for (let i = 0; i < n; i++) {
      const d = wd === 0 ? g[i]! : g[i]! + wd * w[i]!;
      b[i] = mu * b[i]! + keep * d;
      const bi = b[i]!;
      w[i] = w[i]! - lr * (d + mu * bi);
    }
  } else if (wd === 0) {
    for (let i = 0; i < n; i++) {
      b[i] = mu * b[i]! + keep * g[i]!;
      w[i] = w[i]! - lr * b[i]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      b[i] = mu * b[i]! + keep * (g[i]! + wd * w[i]!);
      w[i] = w[i]! - lr * b[i]!;
    }
  }
}

/**
 * The SIMD kernel's update in JavaScript: the same float32 operations in the same order, each rounded with
 * Math.fround (constants first), so both give the same bits: d = g + wd·w; with momentum b ← d (first step) or
 * μb + keep·d, d ← d + μb (Nesterov) or b; w ← w − lr·d.
 *
 * @example
 * ```ts
 * sgdFloat32(w, g, b, { lr: 0.01, momentum: 0.9, keep: 1, weightDecay: 0, first: false, nesterov: false });
 * ```
 */
export function sgdFloat32(w: Float32Array, g: Float32Array, b: Float32Array, c: SgdKernelConstants): void {
  const f = Math.fround;
  const lr = f(c.lr), mu = f(c.momentum), keep = f(c.keep), wd = f(c.weightDecay), n = w.length;
  const momentum = c.momentum !== 0, first = c.first, nesterov = c.nesterov;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    let d = wd === 0 ? g[i]! : f(g[i]! + f(wd * wi));
    if (momentum) {
      const bi = first ? d : f(f(mu * b[i]!) + f(keep * d));
      b[i] = bi;
      d = nesterov ? f(d + f(mu * bi)) : bi;
    }
    w[i] = f(wi - f(lr * d));
  }
}
