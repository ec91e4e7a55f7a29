import { expect } from 'chai';
import { readNpy } from '@kenobi/core';
import { assignmentsCsv, assignmentsTable } from './assignments-csv.js';
import { centroidsNpy } from './centroids-npy.js';
import { clusterReport } from './cluster-report.js';
import { montageSelection } from './montage-selection.js';
import { matrixFromRows } from '../matrix.js';

describe('cluster outputs', () => {
  const x = matrixFromRows([[0], [1], [3], [10], [11], [15]]);
  const labels = [0, 0, 0, 1, 1, 1];
  it('assignments CSV quotes ids and rounds values', () => {
    expect(assignmentsCsv(['a', 'b,c'], [0, 1], [0.5, 1 / 3], 'distance')).to.equal('id,cluster,distance\na,0,0.5\n"b,c",1,0.333333\n');
    expect(assignmentsCsv(['say "hi"', 'back\\slash'], [0, 1], [1, 2], 'probability')).to.equal('id,cluster,probability\n"say ""hi""",0,1\nback\\slash,1,2\n');
  });
  it('assignments table: int32 clusters and float64 values for Parquet and FITS', () => {
    const t = assignmentsTable(['a', 'b'], [0, -1], [0.25, 0.5], 'distance');
    expect(t.columns.map((c) => [c.name, c.values.constructor.name])).to.deep.equal([['id', 'Array'], ['cluster', 'Int32Array'], ['distance', 'Float64Array']]);
    expect(() => assignmentsTable(['a'], [0, 1], [0, 1], 'distance')).to.throw(/1 ids, 2 labels/).with.property('code', 'cluster/shape-mismatch');
  });
  it('centroids .npy round-trips as k × D float32', () => {
    const npy = readNpy(centroidsNpy(Float64Array.from([1, 2, 3, 4]), 2, 2));
    expect(npy.shape).to.deep.equal([2, 2]);
    expect(Array.from(npy.data as Float32Array)).to.deep.equal([1, 2, 3, 4]);
  });
  it('metrics.json report holds sizes, internal and external scores', () => {
    const r = clusterReport(x, labels, { inertia: 12, truth: [0, 0, 1, 1, 1, 1] });
    expect(r.sizes).to.deep.equal({ 0: 3, 1: 3 });
    expect(r.silhouette).to.be.a('number');
    expect(r.external!.purity).to.be.closeTo(5 / 6, 1e-12);
    expect(JSON.parse(JSON.stringify(r)).external.contingency.counts).to.deep.equal([[2, 0], [1, 3]]);
  });
  it('montage rows: nearest and farthest from each centre', () => {
    const m = montageSelection(x, labels, [4 / 3, 12], { nearest: 2, farthest: 1 });
    expect(m[0]).to.deep.equal({ cluster: 0, size: 3, nearest: [1, 0], farthest: [2] });
    expect(m[1]).to.deep.equal({ cluster: 1, size: 3, nearest: [4, 3], farthest: [5] });
  });
});
