/**
 * Lloyd iterations with scikit-learn's stopping rules (`_kmeans_single_lloyd`): stop when the labels do not
 * change ("strict convergence") or when the summed squared centre shift is ≤ tol; otherwise re-run the
 * E-step so the labels match the final centres.
 */
import type { BoundAssignment } from '../kernels/assignment-kernel.js';
import { relocateEmptyClusters } from './empty-clusters.js';
import { moveRow } from './move-row.js';
import { lloydBounded } from './lloyd-bounded.js';

/**
 * Below this fraction of rows changing cluster in the previous iteration, the next one updates the centre
 * sums from the rows that changed (in float64, in TypeScript) instead of re-summing every row in the kernel.
 * NOTE: on the ORT kernel the sums (ScatterND, a second pass over x) are half of a Lloyd step (2.9 of 5.4 ms
 * CPU at 20,000 × 512, k = 10); moving one row costs ~1 µs here, so the break-even is near 10 % of the rows.
 */
const INCREMENTAL_FRACTION = 0.1;

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
  o: {
    maxIter: number;
    tol: number;
    bounds?: boolean;
    onIteration?: (iteration: number, shift: number) => void;
    /** Rows-changed fraction below which the sums are updated from the changed rows (default 0.1; 0: never). */
    incrementalFraction?: number;
  },
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
  // `sums`/`counts` hold exactly the rows of `labelsOld` (false before the first step and after a relocation).
  let sumsMatchOld = false;
  let changed = n;
  for (iteration = 1; iteration <= o.maxIter; iteration++) {
    if (sumsMatchOld && changed < (o.incrementalFraction ?? INCREMENTAL_FRACTION) * n) {
      await bound.assign(centers, k, { labels, distances });
      moveChangedRows(data, cols, labels, labelsOld, sums, counts);
    } else {
      await bound.assign(centers, k, { labels, distances, sums, counts });
    }
    const relocated = relocateEmptyClusters(data, cols, labels, distances, sums, counts);
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
    changed = changedLabels(labels, labelsOld);
    if (changed === 0) { strict = true; break; }
    if (shift <= o.tol) break;
    labelsOld.set(labels);
    sumsMatchOld = relocated === 0;
  }
  if (!strict) await bound.assign(centers, k, { labels, distances });
  return { centers, labels, distances, nIter: Math.min(iteration, o.maxIter), converged: strict };
}

/** How many rows have a label different from `b`'s. */
function changedLabels(a: Int32Array, b: Int32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) m++;
  return m;
}

/** Moves each row whose label changed from `before` to `labels` between the clusters' sums and counts. */
function moveChangedRows(data: Float32Array, cols: number, labels: Int32Array, before: Int32Array, sums: Float64Array, counts: Float64Array): void {
  for (let i = 0; i < labels.length; i++) {
    const to = labels[i]!;
    const from = before[i]!;
    if (to !== from) moveRow(data, cols, i, from, to, sums, counts);
  }
}
