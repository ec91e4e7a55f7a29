/** The adjusted Rand index, as sklearn 1.2's `adjusted_rand_score` (pair confusion matrix form). */
import { contingencyTable, marginals } from './contingency.js';

/**
 * ARI between true labels and predicted clusters: 1 for identical partitions, ~0 for random ones.
 *
 * @example
 * ```ts
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 * adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]); // -0.5
 * ```
 */
export function adjustedRandIndex(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const t = contingencyTable(labelsTrue, labelsPred);
  const { rows, cols } = marginals(t);
  const n = t.n;
  let sumSquares = 0;
  for (const r of t.counts) for (const c of r) sumSquares += c * c;
  const sq = (a: number[]): number => a.reduce((s, v) => s + v * v, 0);
  const tp = sumSquares - n;
  const fp = sq(cols) - sumSquares;
  const fn = sq(rows) - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}
