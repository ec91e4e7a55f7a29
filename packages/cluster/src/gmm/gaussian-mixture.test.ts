import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GaussianMixture } from './gaussian-mixture.js';
import { matrixFromRows } from '../matrix.js';
import { fixture, fixtureMatrix, maxAbsDiff } from '../test-support/sklearn-fixture.js';

describe('GaussianMixture parity with scikit-learn 1.2.1 from the same initialisation', () => {
  const g = fixture.gmm;
  const x = fixtureMatrix(g.x, g.rows, g.cols);
  for (const c of g.cases as any[]) {
    it(`${c.covarianceType}: log-likelihood, parameters, BIC and posteriors match`, async () => {
      const gmm = await new GaussianMixture({
        k: g.k, covarianceType: c.covarianceType,
        init: { weights: c.weightsInit, means: c.meansInit, precisions: c.precisionsInit },
      }).fit(x);
      expect(gmm.nIter).to.equal(c.nIter);
      expect(gmm.lowerBound).to.be.closeTo(c.lowerBound, 1e-8);
      expect(maxAbsDiff(gmm.weights, c.weights)).to.be.below(1e-8);
      expect(maxAbsDiff(gmm.means, c.means)).to.be.below(1e-7);
      expect(maxAbsDiff(gmm.covariances, c.covariances)).to.be.below(1e-7);
      expect(gmm.score(x)).to.be.closeTo(c.score, 1e-8);
      expect(gmm.bic(x)).to.be.closeTo(c.bic, 1e-5);
      expect(gmm.aic(x)).to.be.closeTo(c.aic, 1e-5);
      expect(maxAbsDiff(gmm.predictProba(x).subarray(0, 30), c.proba)).to.be.below(1e-7);
      expect(Array.from(gmm.predict(x))).to.deep.equal(c.predict);
    });
  }

  it('BIC picks the true number of components from a k-means start', async () => {
    const bics: number[] = [];
    for (const k of [1, 2, 3, 4, 5]) bics.push((await new GaussianMixture({ k, seed: 0 }).fit(x)).bic(x));
    expect(bics.indexOf(Math.min(...bics)) + 1).to.equal(3);
  });

  it('a constant feature without regularisation is cluster/zero-variance; with the default regCovar it runs', async () => {
    const xs = matrixFromRows([[0, 1], [1, 1], [2, 1], [3, 1]]);
    try { await new GaussianMixture({ k: 1, regCovar: 0 }).fit(xs); expect.fail('no error'); }
    catch (e) { expect(isKenobiError(e, 'cluster/zero-variance'), String(e)).to.equal(true); }
    const ok = await new GaussianMixture({ k: 1 }).fit(xs);
    expect(ok.covariances[3]).to.be.closeTo(1e-6, 1e-12);
  });
});
