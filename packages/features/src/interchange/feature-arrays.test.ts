/**
 * importFeatureArrays: a feature store from in-memory arrays; a transposed scijs view of X gives the same
 * store as the contiguous matrix.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ndarray } from '../../../core/src/test-support/scijs.js';
import { readFeatures } from '../store/read-features.node.js';
import { importFeatureArrays } from './import-features.node.js';
import { asNdarray } from '../node.js';

describe('importFeatureArrays (ndarray in, ndarray out)', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'kenobi-arrays-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const rows = 6, dim = 3;
  const X = Float32Array.from({ length: rows * dim }, (_, i) => i / 10);
  const featureMajor = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r += 1) for (let j = 0; j < dim; j += 1) featureMajor[j * rows + r] = X[r * dim + j]!;

  it('stores a transposed view as the contiguous matrix, with labels and targets', async () => {
    const labels = ['a', 'b', 'a', '', 'b', 'a'];
    importFeatureArrays({ X: { data: X, shape: [rows, dim] }, labels, out: join(dir, 'plain') });
    importFeatureArrays({ X: ndarray(featureMajor, [dim, rows]).transpose(1, 0), labels, targets: ndarray(Float64Array.of(1, 2, 3, 4, 5, 6), [rows]), targetNames: ['z'], out: join(dir, 'view') });
    const a = await readFeatures(join(dir, 'plain'));
    const b = await readFeatures(join(dir, 'view'));
    expect(Array.from(b.X)).to.deep.equal(Array.from(a.X));
    expect(Array.from(b.labels)).to.deep.equal([0, 1, 0, -1, 1, 0]);
    expect(Array.from(b.targets)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    const nd = asNdarray(b);
    expect(nd.shape).to.deep.equal([rows, dim]);
    expect(nd.get(4, 2)).to.equal(X[4 * dim + 2]);
  });
  it('refuses X that is not [rows, dim] and labels of another length', () => {
    expect(() => importFeatureArrays({ X: { data: X, shape: [rows * dim] }, out: join(dir, 'bad') })).to.throw(/2-D array view/).with.property('code', 'features/bad-option');
    expect(() => importFeatureArrays({ X: { data: X, shape: [rows, dim] }, labels: ['a'], out: join(dir, 'bad') })).to.throw(/labels has 1 entries for 6 rows/);
  });
});
