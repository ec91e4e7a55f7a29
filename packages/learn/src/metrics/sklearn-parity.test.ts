import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { matrix } from '../backend/matrix.js';
import { kFold } from '../cv/k-fold.js';
import { stratifiedFoldAssignment, stratifiedKFold } from '../cv/stratified-k-fold.js';
import { computeClassWeight } from '../losses/class-weight.js';
import { accuracy } from './accuracy.js';
import { averagePrecision } from './average-precision.js';
import { confusionMatrix } from './confusion-matrix.js';
import { f1Score } from './f1-score.js';
import { mae } from './mean-absolute-error-score.js';
import { mse } from './mean-squared-error-score.js';
import { outlierFraction } from './outlier-fraction.js';
import { photozBias } from './photoz-bias.js';
import { precision } from './precision.js';
import { precisionRecallCurve } from './precision-recall-curve.js';
import type { Average } from './precision-recall-fscore.js';
import { r2Score } from './r2-score.js';
import { recall } from './recall.js';
import { rocAuc, rocAucOvr } from './roc-auc.js';
import { rocCurve } from './roc-curve.js';
import { sigmaNmad } from './sigma-nmad.js';
import { tpr0, tpr10 } from './tpr-at-false-positives.js';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
const decode = (v: Num): number => (typeof v === 'number' ? v : Number(v));
const decodeAll = (a: Num[]): number[] => a.map(decode);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(readFileSync(new URL('../../fixtures/sklearn-metrics.json', import.meta.url), 'utf8'));

/** Bit-exact equality of two number arrays, NaN equal to NaN. */
function same(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Object.is(actual[i], expected[i]) || actual[i] === expected[i], `${what}[${i}]: ${actual[i]} vs ${expected[i]}`).to.equal(true);
  }
}

describe(`learn: scikit-learn ${fx.sklearn} parity (exact)`, () => {
  for (const c of fx.binary) {
    describe(`binary: ${c.name}`, () => {
      it('accuracy and confusion matrix', () => {
        expect(accuracy(c.yTrue, c.yPred)).to.equal(c.accuracy);
        expect(confusionMatrix(c.yTrue, c.yPred)).to.deep.equal(c.confusion);
      });
      it('precision, recall, F1 for every average and zero_division', () => {
        for (const average of ['binary', 'macro', 'weighted', 'micro'] as Average[]) {
          for (const zeroDivision of [0, 1] as const) {
            const [p, r, f] = decodeAll(c[`prf_${average}_${zeroDivision}`]);
            const o = { average, zeroDivision };
            expect(precision(c.yTrue, c.yPred, o), `precision ${average} ${zeroDivision}`).to.equal(p);
            expect(recall(c.yTrue, c.yPred, o), `recall ${average} ${zeroDivision}`).to.equal(r);
            expect(f1Score(c.yTrue, c.yPred, o), `f1 ${average} ${zeroDivision}`).to.equal(f);
          }
        }
      });
      it('ROC curve points and thresholds, with and without drop_intermediate', () => {
        for (const drop of [true, false]) {
          const e = c[`roc_${drop ? 'True' : 'False'}`];
          const r = rocCurve(c.yTrue, c.yScore, { dropIntermediate: drop });
          same(r.fpr, decodeAll(e.fpr), 'fpr');
          same(r.tpr, decodeAll(e.tpr), 'tpr');
          same(r.thresholds, decodeAll(e.thresholds), 'thresholds');
        }
      });
      it('PR curve and average precision', () => {
        const r = precisionRecallCurve(c.yTrue, c.yScore);
        same(r.precision, decodeAll(c.pr.precision), 'precision');
        same(r.recall, decodeAll(c.pr.recall), 'recall');
        same(r.thresholds, decodeAll(c.pr.thresholds), 'thresholds');
        expect(Object.is(averagePrecision(c.yTrue, c.yScore), decode(c.ap))).to.equal(true);
      });
      it('ROC AUC (or a typed error for a single-class fold)', () => {
        if (c.auc === null) {
          expect(() => rocAuc(c.yTrue, c.yScore)).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'learn/undefined-metric'));
        } else {
          expect(rocAuc(c.yTrue, c.yScore)).to.equal(c.auc);
        }
      });
      it('TPR0 and TPR10', () => {
        if (c.tpr0 === null) {
          expect(() => tpr0(c.yTrue, c.yScore)).to.throw(/positive/);
        } else {
          expect(tpr0(c.yTrue, c.yScore)).to.equal(c.tpr0);
          expect(tpr10(c.yTrue, c.yScore)).to.equal(c.tpr10);
        }
      });
    });
  }

  for (const c of fx.multiclass) {
    it(`multiclass ${c.name}: accuracy, confusion, macro/weighted/micro P/R/F1, OvR AUC`, () => {
      expect(accuracy(c.yTrue, c.yPred)).to.equal(c.accuracy);
      expect(confusionMatrix(c.yTrue, c.yPred)).to.deep.equal(c.confusion);
      for (const average of ['macro', 'weighted', 'micro'] as Average[]) {
        for (const zeroDivision of [0, 1] as const) {
          const [p, r, f] = decodeAll(c[`prf_${average}_${zeroDivision}`]);
          const o = { average, zeroDivision };
          expect(precision(c.yTrue, c.yPred, o), `precision ${average}`).to.equal(p);
          expect(recall(c.yTrue, c.yPred, o), `recall ${average}`).to.equal(r);
          expect(f1Score(c.yTrue, c.yPred, o), `f1 ${average}`).to.equal(f);
        }
      }
      const probs = matrix(c.yTrue.length, c.classes, (c.probs as number[][]).flat(), 'float64');
      expect(rocAucOvr(c.yTrue, probs)).to.equal(c.aucOvr);
    });
  }

  it('regression and photo-z metrics', () => {
    const r = fx.regression;
    expect(mse(r.yTrue, r.yPred)).to.equal(r.mse);
    expect(mae(r.yTrue, r.yPred)).to.equal(r.mae);
    expect(r2Score(r.yTrue, r.yPred)).to.equal(r.r2);
    expect(r2Score([0.3, 0.3, 0.3, 0.3, 0.3], [0.3, 0.3, 0.31, 0.3, 0.3])).to.equal(r.r2Constant);
    expect(photozBias(r.yTrue, r.yPred)).to.equal(r.bias);
    expect(photozBias(r.yTrue, r.yPred, { statistic: 'median' })).to.equal(r.biasMedian);
    expect(sigmaNmad(r.yTrue, r.yPred)).to.equal(r.sigmaNmad);
    expect(outlierFraction(r.yTrue, r.yPred)).to.equal(r.outlierFraction);
    expect(r.outlierFraction).to.be.greaterThan(0);
  });

  for (const c of fx.stratifiedKFold) {
    it(`StratifiedKFold(n_splits=${c.k}, shuffle=False) assignments: ${c.name}`, () => {
      expect(Array.from(stratifiedFoldAssignment(c.y, c.k))).to.deep.equal(c.assignment);
      const folds = stratifiedKFold(c.y, c.k);
      folds.forEach((f, k) => {
        expect(Array.from(f.test)).to.deep.equal(c.assignment.flatMap((a: number, i: number) => (a === k ? [i] : [])));
        expect(f.train.length + f.test.length).to.equal(c.y.length);
      });
    });
  }

  for (const c of fx.kFold) {
    it(`KFold(n_splits=${c.k}) on ${c.n} rows`, () => {
      const assignment = new Array<number>(c.n);
      kFold(c.n, c.k).forEach((f, k) => f.test.forEach((i) => (assignment[i] = k)));
      expect(assignment).to.deep.equal(c.assignment);
    });
  }

  it("class_weight='balanced' equals compute_class_weight", () => {
    same(computeClassWeight('balanced', fx.classWeight.y), fx.classWeight.balanced, 'balanced');
  });
});
