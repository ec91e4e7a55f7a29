/** Per-cluster centroids and sizes from data and labels (shared by the internal-validity metrics). */
import { ClusterError } from '../cluster-error.js';
import type { Matrix } from '../matrix.js';

/**
 * The distinct labels (ascending), each row's index into them, the sizes and the centroids (k × D, float64).
 *
 * @example
 * ```ts
 * clusterCentroids(matrixFromRows([[0], [2], [10]]), [0, 0, 1]).centroids; // Float64Array [1, 10]
 * ```
 */
export function clusterCentroids(x: Matrix, labels: ArrayLike<number>): { ids: number[]; index: Int32Array; sizes: Float64Array; centroids: Float64Array } {
  if (labels.length !== x.rows) throw new ClusterError('cluster/shape-mismatch', `${labels.length} labels for ${x.rows} rows`);
  const ids = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const pos = new Map(ids.map((l, i) => [l, i]));
  const index = Int32Array.from(Array.from(labels), (l) => pos.get(l)!);
  const k = ids.length;
  const d = x.cols;
  const sizes = new Float64Array(k);
  const centroids = new Float64Array(k * d);
  for (let i = 0; i < x.rows; i++) {
    const c = index[i]!;
    sizes[c]! += 1;
    for (let j = 0; j < d; j++) centroids[c * d + j]! += x.data[i * d + j]!;
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centroids[c * d + j]! /= sizes[c]!;
  return { ids, index, sizes, centroids };
}

/**
 * Throws `cluster/bad-argument` unless 2 ≤ number of labels ≤ n − 1 (sklearn's rule for these scores).
 *
 * @example
 * ```ts
 * checkLabelCount(1, 100, 'silhouette'); // throws
 * ```
 */
export function checkLabelCount(k: number, n: number, what: string): void {
  if (k < 2 || k > n - 1) {
    throw new ClusterError('cluster/bad-argument', `${what}: needs 2 ≤ number of clusters ≤ n − 1, got ${k} clusters for ${n} samples`);
  }
}
