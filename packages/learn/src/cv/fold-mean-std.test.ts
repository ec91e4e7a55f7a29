import { expect } from 'chai';
import { crossValidate } from './cross-validate.js';
import { foldMeanStd } from './fold-mean-std.js';

describe('foldMeanStd', () => {
  it('gives the mean and population std (ddof 0) of each metric, to the bit of np.mean / np.std', () => {
    // np.mean([0.71, 0.74, 0.78, 0.69, 0.8]) and np.std(...) in NumPy 1.26
    const s = foldMeanStd([0.71, 0.74, 0.78, 0.69, 0.8].map((auc) => ({ auc })));
    expect(s.mean['auc']).to.equal(0.744);
    expect(s.std['auc']).to.equal(0.04127953488110062);
    expect(s.missing['auc']).to.equal(0);
  });

  it('leaves a fold without the metric out of its mean and counts it, names in first-seen order', () => {
    const s = foldMeanStd([{ auc: 0.6, loss: 0.5 }, { loss: 0.7 }, { tpr0: 0.1, auc: 0.8 }]);
    expect(Object.keys(s.mean)).to.deep.equal(['auc', 'loss', 'tpr0']);
    expect(s.mean['auc']).to.be.closeTo(0.7, 1e-15);
    expect(s.std['auc']).to.be.closeTo(0.1, 1e-15);
    expect(s.missing).to.deep.equal({ auc: 1, loss: 1, tpr0: 2 });
    expect(s.std['tpr0']).to.equal(0);
  });

  it('skips NaN and ±Infinity by default; a metric with no usable value gets mean 0 and std 0', () => {
    const s = foldMeanStd([{ auc: Number.NaN, loss: Number.NaN }, { auc: 0.9, loss: Number.POSITIVE_INFINITY }]);
    expect(s.mean).to.deep.equal({ auc: 0.9, loss: 0 });
    expect(s.std).to.deep.equal({ auc: 0, loss: 0 });
    expect(s.missing).to.deep.equal({ auc: 1, loss: 2 });
  });

  it('with keepNonFinite, a NaN fold makes the mean and std NaN', () => {
    const s = foldMeanStd([{ auc: Number.NaN }, { auc: 0.9 }, { loss: 1 }], { keepNonFinite: true });
    expect(s.mean['auc']).to.be.NaN;
    expect(s.std['auc']).to.be.NaN;
    expect(s.missing).to.deep.equal({ auc: 1, loss: 2 });
  });

  it('is what crossValidate reports (non-finite metrics dropped per fold)', async () => {
    const metrics = [{ auc: 0.71, tpr0: Number.NaN }, { auc: 0.74 }, { auc: 0.78, tpr0: 0.3 }];
    const folds = metrics.map(() => ({ train: new Int32Array(0), test: new Int32Array(0) }));
    const cv = await crossValidate(folds, (_f, i) => metrics[i]!);
    const s = foldMeanStd(metrics);
    expect({ mean: cv.mean, std: cv.std, missing: cv.missing }).to.deep.equal(s);
    expect(cv.missing['tpr0']).to.equal(2);
  });
});
