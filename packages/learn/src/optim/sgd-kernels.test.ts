import { SeededRandom } from '@kenobi/core';
import { expect } from 'chai';
import { assembleWat } from '../../../../test/support/assemble-wat.js';
import type { Param } from '../layers/layer.js';
import { sgd, type SgdOptions } from './sgd.js';
import { sgdKernels } from './sgd-kernels.js';

/** Params of these lengths (odd ones, one spanning chunks) with seeded values. */
function params(lengths: readonly number[], seed: number): Param[] {
  const rng = new SeededRandom(seed);
  return lengths.map((n, k) => ({ name: `p${k}/kernel`, shape: [n], value: Float32Array.from({ length: n }, () => rng.normal() * 0.05), grad: new Float32Array(n) }));
}

const CASES: readonly SgdOptions[] = [
  { lr: 0.1 },
  { lr: 0.1, weightDecay: 1e-2 },
  { lr: 0.05, momentum: 0.9 },
  { lr: 0.05, momentum: 0.9, weightDecay: 1e-3 },
  { lr: 0.05, momentum: 0.5, dampening: 0.3 },
  { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 },
];

describe('learn: SGD SIMD kernel (WebAssembly, float32 arithmetic, bit-identical to the JavaScript loop)', () => {
  after(() => sgdKernels.use(true));

  it('is available in Node and its bytes are kernels/sgd-kernels.wat assembled', async () => {
    expect(sgdKernels.use(true)).to.equal(true);
    expect(Buffer.from(sgdKernels.bytes()).equals(Buffer.from(await assembleWat(new URL('../../kernels/sgd-kernels.wat', import.meta.url))))).to.equal(true);
  });

  for (const o of CASES) {
    it(`sgd ${JSON.stringify(o)}: 5 steps give the same weights and buffers, bit for bit, with the kernel and with the JavaScript loop`, () => {
      const lengths = [1, 2, 7, 8192 + 3, 3 * 8192];
      const runs = [true, false].map((on) => {
        sgdKernels.use(on);
        const ps = params(lengths, 5);
        const opt = sgd(o);
        const rng = new SeededRandom(9);
        for (let t = 0; t < 5; t++) {
          for (const p of ps) for (let i = 0; i < p.grad.length; i++) p.grad[i] = i % 97 === 0 ? 0 : i % 89 === 0 ? 1e-30 : rng.normal() * 10 ** (i % 7 - 4);
          opt.step(ps);
        }
        return { ps, state: opt.saveState!(ps) };
      });
      for (const [k, p] of runs[0]!.ps.entries()) {
        expect(Buffer.from((p.value as Float32Array).buffer).equals(Buffer.from((runs[1]!.ps[k]!.value as Float32Array).buffer)), `${p.name} (${p.value.length})`).to.equal(true);
      }
      for (const [k, slot] of runs[0]!.state.params.entries()) {
        const other = runs[1]!.state.params[k];
        for (const [name, v] of Object.entries(slot?.slots ?? {})) expect(Buffer.from((v as Float32Array).buffer).equals(Buffer.from((other!.slots[name] as Float32Array).buffer)), `${name} of p${k}`).to.equal(true);
      }
    });
  }
});
