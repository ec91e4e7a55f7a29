import { expect } from 'chai';
import { dbscan } from './dbscan.js';
import { fixture, fixtureMatrix } from '../test-support/sklearn-fixture.js';

describe('DBSCAN parity with scikit-learn 1.2.1', () => {
  it('labels and core samples equal sklearn DBSCAN(eps, min_samples)', () => {
    const f = fixture.dbscan;
    const r = dbscan(fixtureMatrix(f.x, f.rows, f.cols), { eps: f.eps, minSamples: f.minSamples });
    expect(Array.from(r.labels)).to.deep.equal(f.labels);
    expect(Array.from(r.core)).to.deep.equal(f.core);
    expect(r.nClusters).to.equal(Math.max(...f.labels) + 1);
  });
});
