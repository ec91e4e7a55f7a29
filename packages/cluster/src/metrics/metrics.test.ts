import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { adjustedRandIndex } from './adjusted-rand.js';
import { calinskiHarabaszScore } from './calinski-harabasz.js';
import { contingencyTable } from './contingency.js';
import { daviesBouldinScore } from './davies-bouldin.js';
import { inertia } from './inertia.js';
import { normalizedMutualInfo } from './mutual-info.js';
import { purity } from './purity.js';
import { silhouetteScore } from './silhouette.js';
import { matrixFromRows } from '../matrix.js';
import { fixture, fixtureMatrix } from '../test-support/sklearn-fixture.js';

describe('cluster metrics equal scikit-learn 1.2.1', () => {
  const m = fixture.metrics;
  const x = fixtureMatrix(fixture.kmeans[0].x, m.rows, m.cols);
  const close = (a: number, b: number): void => { expect(a).to.be.closeTo(b, 1e-10 * Math.max(1, Math.abs(b))); };

  it('silhouette (exact), also with a singleton cluster', () => {
    close(silhouetteScore(x, m.pred), m.silhouette);
    close(silhouetteScore(x, m.single), m.silhouetteSingle);
  });
  it('sampled silhouette is near the exact one', () => {
    expect(silhouetteScore(x, m.pred, { sampleSize: 150, seed: 1 })).to.be.closeTo(m.silhouette, 0.05);
  });
  it('Davies–Bouldin', () => close(daviesBouldinScore(x, m.pred), m.daviesBouldin));
  it('Calinski–Harabasz', () => close(calinskiHarabaszScore(x, m.pred), m.calinskiHarabasz));
  it('ARI and NMI (arithmetic)', () => {
    close(adjustedRandIndex(m.truth, m.pred), m.ari);
    close(normalizedMutualInfo(m.truth, m.pred), m.nmi);
    close(adjustedRandIndex(m.truth, m.single), m.ariSingle);
    close(normalizedMutualInfo(m.truth, m.single), m.nmiSingle);
  });
  it('contingency table and purity', () => {
    expect(contingencyTable(m.truth, m.pred).counts).to.deep.equal(m.contingency);
    close(purity(m.truth, m.pred), m.purity);
  });
  it('inertia equals sklearn KMeans.inertia_ for its labels and centres', () => {
    const c = fixture.kmeans[0];
    expect(inertia(x, c.labels, c.centers)).to.be.closeTo(c.inertia, 1e-6 * c.inertia);
  });
  it('edge cases follow sklearn: identical partitions, one class each', () => {
    expect(adjustedRandIndex([0, 0, 1], [5, 5, 7])).to.equal(1);
    expect(normalizedMutualInfo([1, 1, 1], [2, 2, 2])).to.equal(1);
    expect(normalizedMutualInfo([0, 1, 0, 1], [0, 0, 0, 0])).to.equal(0);
  });
  it('scores need 2 ≤ k ≤ n − 1 clusters', () => {
    try { silhouetteScore(matrixFromRows([[0], [1]]), [0, 0]); expect.fail('no error'); }
    catch (e) { expect(isKenobiError(e, 'cluster/bad-argument')).to.equal(true); }
  });
});
