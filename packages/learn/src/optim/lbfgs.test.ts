import { isKenobiError } from '@kenobi/core';
import { expect } from 'chai';
import { matrix } from '../backend/matrix.js';
import { linearHead } from '../heads/linear-head.js';
import { mlpHead } from '../heads/mlp-head.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import { syntheticBinary } from '../synthetic-binary.test.support.js';
import { layerwiseEngine } from '../train/gradient-engine.js';
import { ortEngine } from '../ort/ort-engine.js';
import { denseKernelEngine } from '../train/dense-kernel-engine.js';
import { fitLbfgs, sklearnL2 } from './lbfgs.js';

describe('learn: fitLbfgs (full-batch L-BFGS, scikit-learn C semantics)', () => {
  const { x, y } = syntheticBinary(400, 10, 7);

  it('reaches a stationary point of mean loss + l2/2·‖W‖² (gradient ≤ tolerance) and the same optimum on every engine', async () => {
    const heads: ArrayLike<number>[] = [];
    for (const engine of [layerwiseEngine(), ortEngine({ threads: 1 }), denseKernelEngine(layerwiseEngine())]) {
      const head = linearHead({ inputs: 10, classes: 2, seed: 1 });
      const r = await fitLbfgs(head, x, y, { loss: binaryCrossEntropy(), l2: sklearnL2(1, 400), tolerance: 1e-5, engine });
      engine.dispose();
      expect(r.converged, JSON.stringify(r)).to.equal(true);
      expect(r.gradientNorm).to.be.at.most(1e-5);
      heads.push(head.getWeights()[0]!);
    }
    for (const other of heads.slice(1)) Array.from(other).forEach((w, i) => expect(w).to.be.closeTo(heads[0]![i]!, 1e-3));
  });

  it('a larger C (weaker L2) gives larger weights; the bias is not penalised', async () => {
    const norms: number[] = [];
    for (const c of [0.01, 100]) {
      const head = linearHead({ inputs: 10, classes: 2, seed: 1 });
      await fitLbfgs(head, x, y, { loss: binaryCrossEntropy(), l2: sklearnL2(c, 400), engine: layerwiseEngine() });
      norms.push(Math.hypot(...head.getWeights()[0]!));
    }
    expect(norms[1]).to.be.greaterThan(norms[0]! * 2);
  });

  it('trains softmax regression and rejects bad C', async () => {
    const y3 = Int32Array.from(y, (v, i) => (i % 5 === 0 ? 2 : v));
    const head = linearHead({ inputs: 10, classes: 3, seed: 1 });
    const r = await fitLbfgs(head, x, y3, { loss: categoricalCrossEntropy(), l2: sklearnL2(1, 400), engine: layerwiseEngine() });
    expect(r.iterations).to.be.greaterThan(3);
    expect(() => sklearnL2(0, 10)).to.throw(/C must be > 0/);
  });

  it('NaN or ±∞ features → learn/non-finite-input naming the row and column, on every engine, even where the kernel weight is 0', async () => {
    const cases: [number, number, number][] = [[7, 2, NaN], [0, 0, Infinity], [399, 9, -Infinity]];
    for (const [row, col, value] of cases) {
      for (const engine of [layerwiseEngine(), ortEngine({ threads: 1 }), denseKernelEngine(layerwiseEngine())]) {
        for (const zeroColumn of [false, true]) {
          const bad = matrix(400, 10, x.data);
          bad.data[row * 10 + col] = value;
          const head = linearHead({ inputs: 10, classes: 2, seed: 1 });
          if (zeroColumn) head.trainableParams()[0]!.value[col] = 0; // ∞·0 must not hide the bad value
          const before = Array.from(head.getWeights()[0]!);
          const error = await fitLbfgs(head, bad, y, { loss: binaryCrossEntropy(), engine }).then(() => expect.fail('no error'), (e: unknown) => e);
          expect(isKenobiError(error) && error.code, String(error)).to.equal('learn/non-finite-input');
          expect((error as { details?: unknown }).details).to.deep.include({ row, col });
          expect(Array.from(head.getWeights()[0]!)).to.deep.equal(before);
        }
        engine.dispose();
      }
    }
    // a deeper model scans before it trains (ReLU may turn NaN into 0)
    const bad = matrix(400, 10, x.data);
    bad.data[5 * 10 + 3] = NaN;
    const mlp = mlpHead({ inputs: 10, hidden: [4], classes: 2, seed: 1 });
    const error = await fitLbfgs(mlp, bad, y, { loss: binaryCrossEntropy(), engine: layerwiseEngine() }).then(() => expect.fail('no error'), (e: unknown) => e);
    expect((error as { details?: unknown }).details).to.deep.include({ row: 5, col: 3 });
  });
});
