/**
 * Which rows a cluster montage shows: per cluster the rows nearest its centre (typical members) and the
 * farthest (outliers), so the CLI only has to fetch and tile those cutouts.
 */
import { ClusterError } from '../cluster-error.js';
import type { Matrix } from '../matrix.js';

/**
 * One cluster's montage rows (indices into the data, nearest first / farthest first).
 *
 * @example
 * ```ts
 * const m: ClusterMontage = { cluster: 0, size: 120, nearest: [5, 17], farthest: [88, 3] };
 * ```
 */
export interface ClusterMontage {
  readonly cluster: number;
  readonly size: number;
  readonly nearest: readonly number[];
  readonly farthest: readonly number[];
}

/**
 * Picks montage rows for every cluster of `labels` (0..k-1) from the centres (k × D).
 *
 * @example
 * ```ts
 * montageSelection(x, km.labels, km.centers, { nearest: 16, farthest: 8 });
 * // [{ cluster: 0, size: 310, nearest: [...16 rows], farthest: [...8 rows] }, ...]
 * ```
 */
export function montageSelection(
  x: Matrix,
  labels: ArrayLike<number>,
  centers: ArrayLike<number>,
  o: { nearest?: number; farthest?: number } = {},
): ClusterMontage[] {
  const d = x.cols;
  const k = Math.floor(centers.length / d);
  if (labels.length !== x.rows || k * d !== centers.length) {
    throw new ClusterError('cluster/shape-mismatch', `montage: ${labels.length} labels for ${x.rows} rows, ${centers.length} centre values for D = ${d}`);
  }
  const members: { row: number; dist: number }[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i]!;
    if (c < 0 || c >= k) continue;
    let s = 0;
    for (let j = 0; j < d; j++) s += (x.data[i * d + j]! - centers[c * d + j]!) ** 2;
    members[c]!.push({ row: i, dist: s });
  }
  return members.map((m, cluster) => {
    const sorted = m.sort((a, b) => a.dist - b.dist || a.row - b.row);
    return {
      cluster,
      size: m.length,
      nearest: sorted.slice(0, o.nearest ?? 16).map((e) => e.row),
      farthest: sorted.slice(-(o.farthest ?? 8)).reverse().map((e) => e.row),
    };
  });
}
