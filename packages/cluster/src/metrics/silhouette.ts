/** The silhouette coefficient, exact (O(N²)) or on a seeded sample, as sklearn's `silhouette_score`. */
import { SeededRandom } from '@kenobi/core';
import type { Matrix } from '../matrix.js';
import { checkLabelCount, clusterCentroids } from './cluster-geometry.js';

/**
 * Per-sample silhouettes (b − a) / max(a, b) with Euclidean distances; 0 for a sample alone in its cluster.
 *
 * @example
 * ```ts
 * silhouetteSamples(matrixFromRows([[0], [1], [10], [11]]), [0, 0, 1, 1]); // Float64Array [0.9, 0.89, 0.89, 0.9]
 * ```
 */
export function silhouetteSamples(x: Matrix, labels: ArrayLike<number>): Float64Array {
  const { ids, index, sizes } = clusterCentroids(x, labels);
  checkLabelCount(ids.length, x.rows, 'silhouette');
  const k = ids.length;
  const n = x.rows;
  const d = x.cols;
  const out = new Float64Array(n);
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let m = 0; m < n; m++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x.data[i * d + j]! - x.data[m * d + j]!;
        s += t * t;
      }
      sums[index[m]!]! += Math.sqrt(s);
    }
    const own = index[i]!;
    if (sizes[own]! <= 1) { out[i] = 0; continue; }
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[c]! / sizes[c]!);
    out[i] = (b - a) / Math.max(a, b);
  }
  return out;
}

/**
 * Mean silhouette. With `sampleSize` < N it is computed on that many rows drawn without replacement with a
 * SeededRandom (`seed`, default 0): O(sampleSize²) instead of O(N²), for large N.
 *
 * @example
 * ```ts
 * silhouetteScore(x, km.labels);                           // exact
 * silhouetteScore(x, km.labels, { sampleSize: 5000, seed: 1 }); // sampled
 * ```
 */
export function silhouetteScore(x: Matrix, labels: ArrayLike<number>, o: { sampleSize?: number; seed?: number } = {}): number {
  let xs = x;
  let ls = labels;
  if (o.sampleSize !== undefined && o.sampleSize < x.rows) {
    const pick = new SeededRandom(o.seed ?? 0).permutation(x.rows).subarray(0, o.sampleSize);
    const data = new Float64Array(o.sampleSize * x.cols);
    const lab = new Int32Array(o.sampleSize);
    pick.forEach((r, i) => {
      for (let j = 0; j < x.cols; j++) data[i * x.cols + j] = x.data[r * x.cols + j]!;
      lab[i] = labels[r]!;
    });
    xs = { data, rows: o.sampleSize, cols: x.cols };
    ls = lab;
  }
  const s = silhouetteSamples(xs, ls);
  let t = 0;
  for (const v of s) t += v;
  return t / s.length;
}
