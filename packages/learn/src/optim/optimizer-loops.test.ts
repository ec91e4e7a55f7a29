import { expect } from 'chai';
import type { FloatArray } from '../backend/matrix.js';
import type { Param } from '../layers/layer.js';
import { adam } from './adam.js';
import { adamw } from './adamw.js';
import { sgd, type SgdOptions } from './sgd.js';

/** Seeded values with a few special ones (±0, tiny, large) so every branch sees them. */
function values(n: number, seed: number, Array: { new (n: number): FloatArray }): FloatArray {
  const a = new Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (s / 2147483648 - 0.5) * 4;
  }
  a[0] = 0; a[1] = -0; a[2] = 1e-30; a[3] = -3e5;
  return a;
}

function param(n: number, seed: number, Array: { new (n: number): FloatArray }): Param {
  return { name: `p${seed}`, shape: [n], value: values(n, seed, Array), grad: new Array(n) };
}

/**
 * PyTorch's SGD written per element: float32 arithmetic for float32 arrays (every constant and operation
 * rounded to float32, as PyTorch computes a float32 tensor's update on the CPU), float64 for float64; the
 * stored momentum buffer read back.
 */
function referenceSgd(w: FloatArray, g: FloatArray, b: FloatArray, t: number, o: Required<SgdOptions>): void {
  const r = w instanceof Float32Array ? Math.fround : (x: number): number => x;
  for (let i = 0; i < w.length; i++) {
    let d = g[i]!;
    if (o.weightDecay !== 0) d = r(d + r(r(o.weightDecay) * w[i]!));
    if (o.momentum !== 0) {
      b[i] = t === 1 ? d : r(r(r(o.momentum) * b[i]!) + r(r(1 - o.dampening) * d));
      d = o.nesterov ? r(d + r(r(o.momentum) * b[i]!)) : b[i]!;
    }
    w[i] = r(w[i]! - r(r(o.lr) * d));
  }
}

/**
 * Adam(W) per element (PyTorch's single-tensor form): float32 arithmetic for float32 arrays (every constant and
 * operation rounded to float32, as PyTorch computes a float32 tensor's update on the CPU), float64 for float64.
 */
function referenceAdam(w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, t: number, lr: number, l2: number, decoupled: number): void {
  const r = w instanceof Float32Array ? Math.fround : (x: number): number => x;
  const step = r(lr / (1 - Math.pow(0.9, t))), bc2 = r(Math.sqrt(1 - Math.pow(0.999, t)));
  for (let i = 0; i < w.length; i++) {
    if (decoupled !== 0) w[i] = r(w[i]! * r(1 - lr * decoupled));
    let d = g[i]!;
    if (l2 !== 0) d = r(d + r(r(l2) * w[i]!));
    m[i] = r(r(r(0.9) * m[i]!) + r(r(1 - 0.9) * d));
    v[i] = r(r(r(0.999) * v[i]!) + r(r(r(1 - 0.999) * d) * d));
    w[i] = r(w[i]! - r(r(step * m[i]!) / r(r(r(Math.sqrt(v[i]!)) / bc2) + r(1e-8))));
  }
}

const SGD_CASES: readonly Required<SgdOptions>[] = [
  { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false },
  { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 1e-2, nesterov: false },
  { lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false },
  { lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 1e-3, nesterov: false },
  { lr: 0.05, momentum: 0.5, dampening: 0.3, weightDecay: 0, nesterov: false },
  { lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true },
  { lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 1e-3, nesterov: true },
];

describe('optim: the specialised update loops equal the per-element definitions bit for bit', () => {
  for (const Array of [Float32Array, Float64Array]) {
    for (const o of SGD_CASES) {
      it(`sgd ${JSON.stringify(o)} (${Array.name}), 3 steps`, () => {
        const p = param(257, 7, Array), w = p.value.slice(), b = new Array(w.length);
        const opt = sgd(o);
        for (let t = 1; t <= 3; t++) {
          p.grad.set(values(257, 100 + t, Array));
          opt.step([p]);
          referenceSgd(w, p.grad, b, t, o);
          expect(Object.is(p.value[1], w[1]), 'the sign of a zero weight').to.equal(true);
          expect([...p.value]).to.deep.equal([...w]);
        }
      });
    }
  }

  for (const [name, make, l2, decoupled] of [['adam', () => adam({ lr: 0.01 }), 0, 0], ['adam with L2', () => adam({ lr: 0.01, weightDecay: 1e-2 }), 1e-2, 0], ['adamw', () => adamw({ lr: 0.01, weightDecay: 0.05 }), 0, 0.05]] as const) {
    for (const Array of [Float32Array, Float64Array]) {
      it(`${name} (${Array.name}), 3 steps`, () => {
        const p = param(257, 11, Array), w = p.value.slice(), m = new Array(w.length), v = new Array(w.length);
        const opt = make();
        for (let t = 1; t <= 3; t++) {
          p.grad.set(values(257, 200 + t, Array));
          opt.step([p]);
          referenceAdam(w, p.grad, m, v, t, 0.01, l2, decoupled);
          expect([...p.value]).to.deep.equal([...w]);
        }
      });
    }
  }
});
