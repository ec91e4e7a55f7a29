import { SeededRandom } from '@kenobi/core';
import { expect } from 'chai';
import { assembleWat } from '../../../../test/support/assemble-wat.js';
import type { Param } from '../layers/layer.js';
import { adam } from './adam.js';
import { adamw } from './adamw.js';
import { adamKernels, adamSimd32 } from './adam-kernels.js';

/** Params of these lengths (an odd one, one spanning chunks) with seeded values, gradients of mixed scales. */
function params(lengths: readonly number[], seed: number): Param[] {
  const rng = new SeededRandom(seed);
  return lengths.map((n, k) => {
    const value = Float32Array.from({ length: n }, () => rng.normal() * 0.05);
    const grad = Float32Array.from({ length: n }, (_, i) => (i % 97 === 0 ? 0 : i % 89 === 0 ? 1e-30 : i % 83 === 0 ? 1e4 : rng.normal() * 10 ** (i % 7 - 4)));
    return { name: `p${k}/kernel`, shape: [n], value, grad };
  });
}

describe('learn: Adam SIMD kernel (WebAssembly, float32 arithmetic, bit-identical to the JavaScript loop)', () => {
  after(() => adamKernels.use(true));

  it('is available in Node and its bytes are kernels/adam-kernels.wat assembled', async () => {
    expect(adamKernels.use(true)).to.equal(true);
    expect(Buffer.from(adamKernels.bytes()).equals(Buffer.from(await assembleWat(new URL('../../kernels/adam-kernels.wat', import.meta.url))))).to.equal(true);
  });

  it('30 Adam steps give the same weights and moments, bit for bit, with the kernel and with the JavaScript loop', () => {
    const lengths = [1, 2, 7, 8192 + 3, 3 * 8192];
    const runs = [true, false].map((on) => {
      adamKernels.use(on);
      const ps = params(lengths, 5);
      const opt = adam({ lr: 3e-3 });
      const rng = new SeededRandom(9);
      for (let t = 0; t < 30; t++) {
        for (const p of ps) for (let i = 0; i < p.grad.length; i += 1 + (t % 5)) p.grad[i] = rng.normal() * 10 ** ((i + t) % 6 - 4);
        opt.step(ps);
      }
      return ps.map((p) => Float32Array.from(p.value));
    });
    let moved = 0;
    const start = params(lengths, 5);
    runs[0]!.forEach((w, k) => {
      expect(Buffer.from(w.buffer).equals(Buffer.from(runs[1]![k]!.buffer)), `param ${k}`).to.equal(true);
      w.forEach((v, i) => { if (v !== start[k]!.value[i]) moved++; });
    });
    expect(moved).to.be.greaterThan(30_000); // the steps did change the weights
  });

  it('updates m and v as the loop does, and says false (touching nothing) when turned off', () => {
    adamKernels.use(true);
    const [p] = params([1001], 3);
    const w = p!.value as Float32Array, g = p!.grad as Float32Array;
    const m = new Float32Array(1001).fill(0.01), v = new Float32Array(1001).fill(1e-4);
    const c = { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-3 / (1 - 0.9), bc2Sqrt: Math.sqrt(1 - 0.999) };
    const w2 = w.slice(), m2 = m.slice(), v2 = v.slice();
    expect(adamSimd32(w, g, m, v, c)).to.equal(true);
    // float32 arithmetic, each operation rounded (Math.fround of binary64 +, ×, ÷, √ on float32 operands is binary32's)
    const f = Math.fround;
    const [b1, c1, b2, c2, step, bc2, eps] = [0.9, 1 - 0.9, 0.999, 1 - 0.999, c.stepSize, c.bc2Sqrt, c.eps].map(f) as [number, number, number, number, number, number, number];
    let differs = 0;
    for (let i = 0; i < 1001; i++) {
      const d = g[i]!;
      const mi = f(f(b1 * m2[i]!) + f(c1 * d)), vi = f(f(b2 * v2[i]!) + f(f(c2 * d) * d));
      const wi = f(w2[i]! - f(f(step * mi) / f(f(f(Math.sqrt(vi)) / bc2) + eps)));
      expect([m[i], v[i], w[i]], `element ${i}`).to.deep.equal([mi, vi, wi]);
      // the former float64-intermediate update, for contrast: float32 arithmetic is not it
      if (Math.fround(w2[i]! - (c.stepSize * Math.fround(0.9 * m2[i]! + 0.1 * d)) / (Math.sqrt(Math.fround(0.999 * v2[i]! + 0.001 * d * d)) / c.bc2Sqrt + c.eps)) !== wi) differs++;
    }
    expect(differs, 'float32 and float64 intermediates round differently somewhere').to.be.greaterThan(0);
    adamKernels.use(false);
    const before = w.slice();
    expect(adamSimd32(w, g, m, v, c)).to.equal(false);
    expect(Array.from(w)).to.deep.equal(Array.from(before));
    adamKernels.use(true);
  });

  it('AdamW (decoupled decay, through the same kernel): the same bits with the kernel and with the JavaScript loop, and the decay applied', () => {
    const runs = [true, false].map((on) => {
      adamKernels.use(on);
      const ps = params([513, 8192 + 5], 1);
      const opt = adamw({ lr: 1e-2, weightDecay: 0.1 });
      for (let t = 0; t < 5; t++) opt.step(ps);
      return ps.map((p) => Float32Array.from(p.value));
    });
    runs[0]!.forEach((w, k) => expect(Buffer.from(w.buffer).equals(Buffer.from(runs[1]![k]!.buffer)), `param ${k}`).to.equal(true));
    // with a zero gradient the moments stay 0 and only the decay moves a weight: w·(1 − lr·λ)⁵ in float32 steps
    adamKernels.use(true);
    const [p] = params([9], 4);
    p!.grad.fill(0);
    const w0 = Float32Array.from(p!.value), opt = adamw({ lr: 1e-2, weightDecay: 0.1 });
    for (let t = 0; t < 5; t++) opt.step([p!]);
    const shrink = Math.fround(1 - 1e-2 * 0.1);
    w0.forEach((w, i) => {
      let x = w;
      for (let t = 0; t < 5; t++) x = Math.fround(x * shrink);
      expect(p!.value[i]).to.equal(x);
    });
  });
});
