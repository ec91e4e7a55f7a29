import { expect } from 'chai';
import { stratifiedKFold } from '@kenobi/learn';
import { planStages, validationSplit } from './stage-plan.js';

describe('image-training/stage-plan', () => {
  it('stages: the folds of stratifiedKFold, then the final model; validation rows are a seeded stratified share of each stage\'s training rows', () => {
    const labels = Int32Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const stages = planStages(labels, { kfold: 5, valFraction: 0.2, seed: 7 });
    expect(stages.map((s) => s.name)).to.deep.equal(['fold 1/5', 'fold 2/5', 'fold 3/5', 'fold 4/5', 'fold 5/5', 'final (all rows)']);
    stratifiedKFold(labels, 5).forEach((f, i) => {
      expect(Array.from(stages[i]!.test!)).to.deep.equal(Array.from(f.test));
      expect([...stages[i]!.train, ...stages[i]!.val].sort((a, b) => a - b)).to.deep.equal(Array.from(f.train));
      expect(Array.from(stages[i]!.val).filter((r) => labels[r] === 1)).to.have.length(2); // 20% of the 8 positives
    });
    expect(Array.from(validationSplit(stages[5]!.train, labels, 0.2, 7).val)).to.deep.equal(Array.from(validationSplit(stages[5]!.train, labels, 0.2, 7).val));
    expect(Array.from(validationSplit(stages[5]!.train, labels, 0.2, 8).val)).to.not.deep.equal(Array.from(validationSplit(stages[5]!.train, labels, 0.2, 7).val));
    expect(planStages(labels, { valFraction: 0, seed: 0 })).to.have.length(1);
  });
});
