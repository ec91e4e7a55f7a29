import { expect } from 'chai';
import { umapEmbedding } from './umap-embedding.js';
import { KMeans } from '../kmeans/kmeans.js';
import { normalizedMutualInfo } from '../metrics/mutual-info.js';
import { fixture, fixtureMatrix } from '../test-support/sklearn-fixture.js';

describe('umapEmbedding', () => {
  const f = fixture.kmeansPlusPlus;
  const x = fixtureMatrix(f.x.slice(0, 200 * f.cols), 200, f.cols);
  it('is 2-D, reproducible for a seed, and keeps the clusters apart', async function () {
    this.timeout(120000);
    const a = umapEmbedding(x, { seed: 1, nEpochs: 100 });
    const b = umapEmbedding(x, { seed: 1, nEpochs: 100 });
    expect(a.cols).to.equal(2);
    expect(Array.from(a.data)).to.deep.equal(Array.from(b.data));
    const hi = await new KMeans({ k: 8, seed: 0, nInit: 4, kernel: 'ts' }).fit(x);
    const lo = await new KMeans({ k: 8, seed: 0, nInit: 4, kernel: 'ts' }).fit(a);
    expect(normalizedMutualInfo(hi.labels, lo.labels)).to.be.above(0.8);
  });
});
