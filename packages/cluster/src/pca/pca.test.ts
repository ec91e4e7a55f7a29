import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { PCA } from './pca.js';
import { matrixFromRows } from '../matrix.js';
import { fixture, fixtureMatrix, maxAbsDiff } from '../test-support/sklearn-fixture.js';

describe('PCA parity with scikit-learn 1.2.1', () => {
  const p = fixture.pca;
  const x = fixtureMatrix(p.x, p.rows, p.cols);

  it('exact: components (svd_flip signs), explained variance (ratio), mean, transform', () => {
    const pca = new PCA({ nComponents: p.nComponents, solver: 'full' }).fit(x);
    expect(pca.solver).to.equal('full');
    expect(maxAbsDiff(pca.components, p.components)).to.be.below(1e-6);
    expect(maxAbsDiff(pca.explainedVariance, p.explainedVariance)).to.be.below(1e-9 * p.explainedVariance[0]);
    expect(maxAbsDiff(pca.explainedVarianceRatio, p.explainedVarianceRatio)).to.be.below(1e-10);
    expect(maxAbsDiff(pca.mean, p.mean)).to.be.below(1e-12);
    expect(maxAbsDiff(pca.transform(x).data.subarray(0, 50), p.transform)).to.be.below(1e-6);
  });

  it('whitening', () => {
    const y = new PCA({ nComponents: p.nComponents, whiten: true, solver: 'full' }).fit(x).transform(x);
    expect(maxAbsDiff(y.data.subarray(0, 50), p.whitened)).to.be.below(1e-6);
  });

  it('randomized solver reaches the same leading components', () => {
    const pca = new PCA({ nComponents: 4, solver: 'randomized', seed: 0 }).fit(x);
    expect(pca.solver).to.equal('randomized');
    expect(maxAbsDiff(pca.components, p.components.slice(0, 4 * p.cols))).to.be.below(1e-5);
    expect(maxAbsDiff(pca.explainedVariance, p.explainedVariance.slice(0, 4))).to.be.below(1e-6 * p.explainedVariance[0]);
  });

  it('whitening a zero-variance component is cluster/zero-variance', () => {
    const xs = matrixFromRows([[1, 5], [2, 5], [3, 5]]);
    try { new PCA({ nComponents: 2, whiten: true }).fitTransform(xs); expect.fail('no error'); }
    catch (e) { expect(isKenobiError(e, 'cluster/zero-variance'), String(e)).to.equal(true); }
  });
});
