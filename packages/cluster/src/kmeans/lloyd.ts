/**
 * Lloyd iterations with scikit-learn's stopping rules (`_kmeans_single_lloyd`): stop when the labels do not
 * change ("strict convergence") or when the summed squared centre shift is ≤ tol; otherwise re-run the
 * E-step so the labels match the final centres.
 */
import type { BoundAssignment } from '../kernels/assignment-kernel.js';
import { relocateEmptyClusters } from './empty-clusters.js';
import { lloydBounded } from './lloyd-bounded.js';

/**
 * The outcome of one Lloyd run.
 *
 * @example
 * ```ts
 * const r: LloydResult = await lloyd(x.data, bound, x.cols, init, 3, { maxIter: 300, tol: 1e-4 });
 * r.nIter; // e.g. 7
 * ```
 */
export interface LloydResult {
  readonly centers: Float32Array;
  readonly labels: Int32Array;
  /** Squared distance of each row to its centre (GEMM form). */
  readonly distances: Float32Array;
  readonly nIter: number;
  /** True when the labels stopped changing (sklearn's strict convergence). */
  readonly converged: boolean;
}

/**
 * Runs Lloyd's algorithm from `init` (k × D). `tol` is absolute (sklearn scales its `tol` by the mean feature
 * variance before this point).
 *
 * @example
 * ```ts
 * const r = await lloyd(x.data, bound, x.cols, initialCenters, 10, { maxIter: 300, tol: 1e-4 * meanVariance });
 * ```
 */
export async function lloyd(
  data: Float32Array,
  bound: BoundAssignment,
  cols: number,
  init: Float32Array,
  k: number,
  o: { maxIter: number; tol: number; bounds?: boolean; onIteration?: (iteration: number, shift: number) => void },
): Promise<LloydResult> {
  // NOTE: Hamerly's bounds only on request: on overlapping clusters in high dimension (the benchmark's 512-d
  // blobs) they skip < 20 % of the distance work and the bookkeeping makes Lloyd slower (docs/benchmarks/cluster.md).
  if (o.bounds === true && bound.nearestTwo && k >= 2) return lloydBounded(data, bound, cols, init, k, o);
  const n = bound.rows;
  let centers = Float32Array.from(init);
  const labels = new Int32Array(n).fill(-1);
  const labelsOld = new Int32Array(n).fill(-1);
  const distances = new Float32Array(n);
  const sums = new Float64Array(k * cols);
  const counts = new Float64Array(k);
  let strict = false;
  let iteration = 0;
  for (iteration = 1; iteration <= o.maxIter; iteration++) {
    await bound.assign(centers, k, { labels, distances, sums, counts });
    relocateEmptyClusters(data, cols, labels, distances, sums, counts);
    const next = new Float32Array(k * cols);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const inv = counts[c]! > 0 ? 1 / counts[c]! : 0;
      for (let j = 0; j < cols; j++) {
        const v = counts[c]! > 0 ? sums[c * cols + j]! * inv : centers[c * cols + j]!;
        next[c * cols + j] = v;
        const t = v - centers[c * cols + j]!;
        shift += t * t;
      }
    }
    centers = next;
    o.onIteration?.(iteration, shift);
    if (sameLabels(labels, labelsOld)) { strict = true; break; }
    if (shift <= o.tol) break;
    labelsOld.set(labels);
  }
  if (!strict) await bound.assign(centers, k, { labels, distances });
  return { centers, labels, distances, nIter: Math.min(iteration, o.maxIter), converged: strict };
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
