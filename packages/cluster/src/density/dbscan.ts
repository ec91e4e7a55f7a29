/**
 * DBSCAN, exact and brute force (O(N²) distances, O(N) memory per query), with scikit-learn's semantics:
 * a row is core when at least `minSamples` rows (itself included) lie within `eps` (≤, Euclidean); clusters
 * grow depth-first from core rows in row order; border rows join the first cluster that reaches them; the
 * rest are noise (-1).
 * NOTE: our own rather than a library: sklearn 1.2 (our parity peer) has no HDBSCAN, the npm DBSCAN/HDBSCAN
 * packages are unmaintained or differ in the core-point rule, and exact DBSCAN is 60 lines.
 */
import { ClusterError } from '../cluster-error.js';
import { checkFinite, type Matrix } from '../matrix.js';

/**
 * Options of {@link dbscan}.
 *
 * @example
 * ```ts
 * const o: DbscanOptions = { eps: 0.5, minSamples: 5 };
 * ```
 */
export interface DbscanOptions {
  /** Neighbourhood radius (Euclidean, inclusive). */
  readonly eps: number;
  /** Rows within eps, itself included, that make a core row (default 5, as sklearn). */
  readonly minSamples?: number;
}

/**
 * DBSCAN labels (-1 = noise) and which rows are core.
 *
 * @example
 * ```ts
 * const { labels, core } = dbscan(x, { eps: 0.3, minSamples: 10 });
 * labels; // Int32Array(N): 0, 1, ... or -1
 * ```
 */
export function dbscan(x: Matrix, o: DbscanOptions): { labels: Int32Array; core: Uint8Array; nClusters: number } {
  checkFinite(x, 'DBSCAN input');
  if (!(o.eps > 0)) throw new ClusterError('cluster/bad-argument', `DBSCAN: eps must be > 0, got ${o.eps}`);
  const minSamples = o.minSamples ?? 5;
  if (!Number.isInteger(minSamples) || minSamples < 1) throw new ClusterError('cluster/bad-argument', `DBSCAN: minSamples must be a positive integer, got ${minSamples}`);
  const n = x.rows;
  const d = x.cols;
  const eps2 = o.eps * o.eps;
  const neighbours = (i: number): number[] => {
    const out: number[] = [];
    for (let m = 0; m < n; m++) {
      let s = 0;
      for (let j = 0; j < d && s <= eps2; j++) {
        const t = x.data[i * d + j]! - x.data[m * d + j]!;
        s += t * t;
      }
      if (s <= eps2) out.push(m);
    }
    return out;
  };
  const hood: number[][] = Array.from({ length: n }, (_, i) => neighbours(i));
  const core = Uint8Array.from(hood, (h) => (h.length >= minSamples ? 1 : 0));
  const labels = new Int32Array(n).fill(-1);
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (labels[start] !== -1 || !core[start]) continue;
    const stack = [start];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (labels[i] !== -1) continue;
      labels[i] = next;
      if (core[i]) for (const v of hood[i]!) if (labels[v] === -1) stack.push(v);
    }
    next += 1;
  }
  return { labels, core, nClusters: next };
}
