import type { FloatArray } from '../backend/matrix.js';

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
 * NOTE: the arithmetic is exactly that of the per-element form it replaces (float64 expressions, float32 or
 * float64 stores, the stored b read back before use), but the options are read once, outside the loops, and
 * each array element is loaded once:
 * 8.4 M float32 params with momentum went from ~9.5 to ~2.5 ns per element in V8 (the bare loop's memory
 * traffic is ~2 ns).
 *
 * @example
 * ```ts
 * sgdUpdate(p.value, p.grad, state.buf, { lr: 0.01, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false }, s.t === 1);
 * ```
 */
export function sgdUpdate(w: FloatArray, g: FloatArray, b: FloatArray, h: SgdHyper, first: boolean): void {
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
