/**
 * Strided views in: k-means and PCA on a transposed or sliced scijs array give exactly what they give on
 * the contiguous matrix it shows.
 */
import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { ndarray } from '../../core/src/test-support/scijs.js';
import { KMeans } from './kmeans/kmeans.js';
import { matrix, matrixFromView } from './matrix.js';
import { PCA } from './pca/pca.js';

describe('matrixFromView: strided views as cluster input', () => {
  const rng = new SeededRandom(3);
  const rows = 60, cols = 5;
  const x = Float32Array.from({ length: rows * cols }, (_, i) => rng.normal() + (Math.floor(i / cols) % 3) * 4);
  // the same data stored feature-major: [cols, rows], then viewed transposed
  const featureMajor = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r += 1) for (let c = 0; c < cols; c += 1) featureMajor[c * rows + r] = x[r * cols + c]!;
  const view = ndarray(featureMajor, [cols, rows]).transpose(1, 0);

  it('k-means on the transposed view equals k-means on the matrix (labels, centres)', async () => {
    const a = await new KMeans({ k: 3, seed: 1 }).fit(matrix(x, rows, cols));
    const b = await new KMeans({ k: 3, seed: 1 }).fit(matrixFromView(view));
    expect(Array.from(b.labels)).to.deep.equal(Array.from(a.labels));
    expect(Array.from(b.centers)).to.deep.equal(Array.from(a.centers));
  });
  it('PCA on a sliced view (every other row) equals PCA on those rows copied', () => {
    const sliced = ndarray(x, [rows, cols]).step(2, 1);
    const copy = new Float32Array((rows / 2) * cols);
    for (let r = 0; r < rows / 2; r += 1) copy.set(x.subarray(2 * r * cols, 2 * r * cols + cols), r * cols);
    const a = new PCA({ nComponents: 2, seed: 0 }).fitTransform(matrix(copy, rows / 2, cols));
    const b = new PCA({ nComponents: 2, seed: 0 }).fitTransform(matrixFromView(sliced));
    expect(Array.from(b.data)).to.deep.equal(Array.from(a.data));
  });
  it('refuses a view that is not 2-D (cluster/shape-mismatch)', () => {
    expect(() => matrixFromView({ data: new Float32Array(8), shape: [2, 2, 2] })).to.throw(/2-D view/).with.property('code', 'cluster/shape-mismatch');
  });
});
