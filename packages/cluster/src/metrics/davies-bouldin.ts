/** The Davies–Bouldin index, as sklearn's `davies_bouldin_score` (lower is better). */
import type { Matrix } from '../matrix.js';
import { checkLabelCount, clusterCentroids } from './cluster-geometry.js';

/**
 * Mean over clusters of the worst (s_i + s_j) / d(c_i, c_j), s = mean distance to the centroid.
 *
 * @example
 * ```ts
 * daviesBouldinScore(matrixFromRows([[0], [1], [10], [11]]), [0, 0, 1, 1]); // 0.1
 * ```
 */
export function daviesBouldinScore(x: Matrix, labels: ArrayLike<number>): number {
  const { ids, index, centroids } = clusterCentroids(x, labels);
  checkLabelCount(ids.length, x.rows, 'Davies–Bouldin');
  const k = ids.length;
  const d = x.cols;
  const intra = new Float64Array(k);
  const sizes = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const c = index[i]!;
    intra[c]! += Math.sqrt(squared(x.data, i * d, centroids, c * d, d));
    sizes[c]! += 1;
  }
  for (let c = 0; c < k; c++) intra[c]! /= sizes[c]!;
  const between = (a: number, b: number): number => Math.sqrt(squared(centroids, a * d, centroids, b * d, d));
  let allIntraZero = true;
  let allCentroidZero = true;
  for (let c = 0; c < k; c++) if (intra[c]! !== 0) allIntraZero = false;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) if (between(a, b) !== 0) allCentroidZero = false;
  if (allIntraZero || allCentroidZero) return 0;
  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = -Infinity;
    for (let b = 0; b < k; b++) {
      if (a === b) continue;
      const dist = between(a, b);
      worst = Math.max(worst, (intra[a]! + intra[b]!) / (dist === 0 ? Infinity : dist));
    }
    total += worst;
  }
  return total / k;
}

function squared(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[ao + j]! - b[bo + j]!;
    s += t * t;
  }
  return s;
}
