/** The Calinski–Harabasz index (variance ratio), as sklearn's `calinski_harabasz_score` (higher is better). */
import { columnMeans, type Matrix } from '../matrix.js';
import { checkLabelCount, clusterCentroids } from './cluster-geometry.js';

/**
 * [between-cluster dispersion / (k − 1)] / [within-cluster dispersion / (N − k)]; 1 when the within part is 0.
 *
 * @example
 * ```ts
 * calinskiHarabaszScore(matrixFromRows([[0], [1], [10], [11]]), [0, 0, 1, 1]); // 200
 * ```
 */
export function calinskiHarabaszScore(x: Matrix, labels: ArrayLike<number>): number {
  const { ids, index, sizes, centroids } = clusterCentroids(x, labels);
  const k = ids.length;
  checkLabelCount(k, x.rows, 'Calinski–Harabasz');
  const d = x.cols;
  const mean = columnMeans(x);
  let extra = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (centroids[c * d + j]! - mean[j]!) ** 2;
    extra += sizes[c]! * s;
  }
  let intra = 0;
  for (let i = 0; i < x.rows; i++) {
    const c = index[i]!;
    for (let j = 0; j < d; j++) intra += (x.data[i * d + j]! - centroids[c * d + j]!) ** 2;
  }
  return intra === 0 ? 1 : (extra * (x.rows - k)) / (intra * (k - 1));
}
