/** The 2-D embedding of the clustering space for the scatter plot: the first two principal components, or UMAP. */
import { PCA, umapEmbedding, type Matrix } from '@kenobi/cluster';
import type { Embedding } from './cluster-config.js';

/**
 * N × 2 coordinates. UMAP first reduces more than 50 features to 50 principal components (umap-learn's usual
 * advice) and needs more than 15 rows.
 *
 * @example
 * ```ts
 * const xy = embed2d(x, 'pca', 0); // Matrix N × 2
 * ```
 */
export function embed2d(x: Matrix, method: Embedding, seed: number): Matrix<Float64Array> {
  if (method === 'pca') {
    const y = new PCA({ nComponents: Math.min(2, x.cols, x.rows), seed }).fitTransform(x);
    if (y.cols >= 2) return y;
    const data = new Float64Array(x.rows * 2); // one feature: plot it against 0
    for (let i = 0; i < x.rows; i++) data[i * 2] = y.data[i * y.cols] ?? 0;
    return { data, rows: x.rows, cols: 2 };
  }
  const input = x.cols > 50 ? new PCA({ nComponents: Math.min(50, x.rows), seed }).fitTransform(x) : x;
  return umapEmbedding(input, { nComponents: 2, seed, nNeighbors: Math.min(15, x.rows - 1) });
}
