import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import type { Param } from '../layers/layer.js';
import { optimizerFromSpec, type OptimizerSpec } from './optimizer-spec.js';

function params(): Param[] {
  return [
    { name: 'w', shape: [5], value: Float32Array.of(0.5, -1, 2, 0.1, -0.3), grad: new Float32Array(5) },
    { name: 'b', shape: [2], value: Float32Array.of(0.2, -0.2), grad: new Float32Array(2) },
  ];
}

/** Gradient of step t: a fixed function of the weights, so both runs see the same sequence. */
function setGradients(ps: Param[], t: number): void {
  for (const p of ps) for (let i = 0; i < p.value.length; i++) p.grad[i] = Math.sin(p.value[i]! * 3 + t) + 0.1 * i;
}

const specs: OptimizerSpec[] = [
  { name: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true },
  { name: 'adam', lr: 0.05, amsgrad: true },
  { name: 'adamw', lr: 0.05 },
  { name: 'rmsprop', lr: 0.01, centered: true, momentum: 0.5 },
  { name: 'adagrad', lr: 0.1, lrDecay: 0.01 },
];

describe('optim: optimizer state for checkpoints', () => {
  for (const spec of specs) {
    it(`${spec.name}: 2 steps, save, load into a fresh optimizer, 2 more steps = 4 steps straight`, () => {
      const straight = params(), opt = optimizerFromSpec(spec);
      for (let t = 0; t < 4; t++) { setGradients(straight, t); opt.step(straight); }

      const first = params(), a = optimizerFromSpec(spec);
      for (let t = 0; t < 2; t++) { setGradients(first, t); a.step(first); }
      a.lr = spec.lr! / 2; // a schedule moved it: the state carries it
      const saved = structuredClone(a.saveState!(first));
      expect(saved.lr).to.equal(spec.lr! / 2);
      const second = params();
      second.forEach((p, i) => p.value.set(first[i]!.value));
      const b = optimizerFromSpec(spec);
      b.loadState!(second, saved);
      expect(b.lr).to.equal(spec.lr! / 2);
      b.lr = spec.lr!;
      for (let t = 2; t < 4; t++) { setGradients(second, t); b.step(second); }
      second.forEach((p, i) => expect([...p.value]).to.deep.equal([...straight[i]!.value]));
    });
  }

  it('a fresh optimizer saves nulls, and a state for other params is refused', () => {
    const opt = optimizerFromSpec({ name: 'adam' });
    expect(opt.saveState!(params()).params).to.deep.equal([null, null]);
    const ps = params();
    setGradients(ps, 0);
    opt.step(ps);
    const saved = opt.saveState!(ps);
    expect(() => optimizerFromSpec({ name: 'adam' }).loadState!(ps.slice(0, 1), saved)).to.throw(/optimizer state for 2 params/).that.satisfies((e: unknown) => isKenobiError(e, 'learn/shape-mismatch'));
  });
});
