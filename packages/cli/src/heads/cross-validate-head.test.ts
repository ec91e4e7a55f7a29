import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { gatherRows, matrix, stratifiedKFold, tpr0, tpr10 } from '@kenobi/learn';
import { positiveClass } from '../image-training/class-scores.js';
import { crossValidateHead } from './cross-validate-head.js';
import { predictOutputs, trainOnData } from './train-on-data.js';

describe('heads/cross-validate-head: TPR0/TPR10 of a named positive class', () => {
  // classes sorted as a catalog gives them: 'lens' is class 0, so the report's default (class 1 positive) would rank non-lenses
  const rng = new SeededRandom(3), n = 200, d = 6;
  const y = Int32Array.from({ length: n }, (_, i) => i % 2);
  const x = matrix(n, d, Float32Array.from({ length: n * d }, (_, k) => rng.normal() + (k % d === 0 ? 1.2 * y[Math.floor(k / d)]! : 0)));
  const data = { x, y, task: 'classification' as const, outputs: 2, names: ['lens', 'non-lens'], ids: Array.from({ length: n }, (_, i) => String(i)), labels: 'class', leftOut: 0 };
  const spec = { head: 'linear' as const, task: 'classification' as const, classes: 2 };

  it("ranks by the positive class's own score: 'lens' (class 0) gives the TPRs of −logit on y = 0", async () => {
    expect(positiveClass(data.names)).to.equal(0);
    const cv = await crossValidateHead(data, spec, 2, () => {}, 0);
    const fold = stratifiedKFold(y, 2)[0]!;
    const trained = await trainOnData({ x: gatherRows(x, fold.train), y: Int32Array.from(fold.train, (r) => y[r]!) }, spec);
    const logits = await predictOutputs(trained.model, gatherRows(x, fold.test));
    const isLens = Int32Array.from(fold.test, (r) => (y[r] === 0 ? 1 : 0));
    const score = Float64Array.from(logits.data, (v) => -v);
    expect(cv.perFold[0]!['tpr0']).to.equal(tpr0(isLens, score));
    expect(cv.perFold[0]!['tpr10']).to.equal(tpr10(isLens, score));
    const asBefore = await crossValidateHead(data, spec, 2, () => {});
    expect(asBefore.perFold[0]!['rocAuc']).to.equal(cv.perFold[0]!['rocAuc']); // AUC does not depend on which class is positive
    expect(asBefore.perFold[0]!['tpr10']).to.equal(tpr10(Int32Array.from(fold.test, (r) => y[r]!), Float64Array.from(logits.data)));
  });
});
