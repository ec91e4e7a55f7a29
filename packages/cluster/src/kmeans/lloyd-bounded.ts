/**
 * Lloyd's algorithm with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): each row keeps an
 * upper bound on the distance to its centre and a lower bound on the distance to the second nearest; a row
 * whose upper bound is below max(lower bound, half the distance from its centre to the nearest other centre)
 * cannot change cluster, so the GEMM only runs on the other rows. The centre sums are updated from the rows
 * that changed. Same iterations, labels and centres as plain Lloyd (the bounds are exact, kept with a 1e-4
 * relative margin against float32 rounding).
 */
import type { BoundAssignment, NearestTwoOutput } from '../kernels/assignment-kernel.js';
import { relocateEmptyClusters } from './empty-clusters.js';
import { moveRow } from './move-row.js';
import type { LloydResult } from './lloyd.js';

/** Relative safety margin of the skip test (float32 GEMM-form distances carry ~1e-6 relative error). */
const MARGIN = 1e-4;

/**
 * Runs bounded Lloyd iterations; `bound.nearestTwo` must exist and `k ≥ 2`.
 *
 * @example
 * ```ts
 * const r = await lloydBounded(x.data, bound, x.cols, init, 10, { maxIter: 300, tol });
 * r.skipped; // fraction of row-iterations the bounds settled
 * ```
 */
export async function lloydBounded(
  data: Float32Array,
  bound: BoundAssignment,
  cols: number,
  init: Float32Array,
  k: number,
  o: { maxIter: number; tol: number; onIteration?: (iteration: number, shift: number) => void },
): Promise<LloydResult & { readonly skipped: number }> {
  const n = bound.rows;
  const nearestTwo = bound.nearestTwo!.bind(bound);
  let centers = Float32Array.from(init);
  const out: NearestTwoOutput = { labels: new Int32Array(n), best: new Float32Array(n), second: new Float32Array(n) };
  const labels = out.labels;
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const list = Int32Array.from({ length: n }, (_, i) => i);
  const old = new Int32Array(n);
  const sums = new Float64Array(k * cols);
  const counts = new Float64Array(k);
  const delta = new Float64Array(k);
  const half = new Float64Array(k);
  let fullSums = true;
  let computed = 0;

  const eStep = async (first: boolean): Promise<number> => {
    let m = n;
    if (!first) {
      halfNearestCentre(centers, k, cols, half);
      m = 0;
      for (let i = 0; i < n; i++) {
        const b = Math.max(half[labels[i]!]!, lower[i]!);
        if (upper[i]! * (1 + MARGIN) >= b) list[m++] = i;
      }
    }
    for (let t = 0; t < m; t++) old[t] = labels[list[t]!]!;
    if (m > 0) await nearestTwo(list, m, centers, k, out);
    computed += m;
    let changed = 0;
    for (let t = 0; t < m; t++) {
      const i = list[t]!;
      upper[i] = Math.sqrt(out.best[i]!);
      lower[i] = Math.sqrt(out.second[i]!);
      const a = old[t]!, b = labels[i]!;
      if (first || a === b) continue;
      changed++;
      if (!fullSums) moveRow(data, cols, i, a, b, sums, counts);
    }
    if (first) list.forEach((_, i) => { list[i] = i; });
    return first ? n : changed;
  };

  let strict = false;
  let iteration = 0;
  for (iteration = 1; iteration <= o.maxIter; iteration++) {
    const changed = await eStep(iteration === 1);
    if (fullSums) {
      sumsFromLabels(data, cols, labels, sums, counts);
      fullSums = false;
    }
    if (counts.some((c) => c === 0)) {
      relocateEmptyClusters(data, cols, labels, exactDistances(data, cols, centers, labels), sums, counts);
      fullSums = true; // the relocation moved sums without moving labels: rebuild them next iteration
    }
    const next = new Float32Array(k * cols);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const inv = counts[c]! > 0 ? 1 / counts[c]! : 0;
      let d = 0;
      for (let j = 0; j < cols; j++) {
        const v = counts[c]! > 0 ? sums[c * cols + j]! * inv : centers[c * cols + j]!;
        next[c * cols + j] = v;
        const t = v - centers[c * cols + j]!;
        d += t * t;
      }
      shift += d;
      delta[c] = Math.sqrt(d);
    }
    moveBounds(labels, upper, lower, delta, k);
    centers = next;
    o.onIteration?.(iteration, shift);
    if (iteration > 1 && changed === 0) { strict = true; break; }
    if (shift <= o.tol) break;
  }
  if (!strict) await eStep(false);
  return {
    centers,
    labels,
    distances: exactDistances(data, cols, centers, labels),
    nIter: Math.min(iteration, o.maxIter),
    converged: strict,
    skipped: 1 - computed / (n * (Math.min(iteration, o.maxIter) + (strict ? 0 : 1))),
  };
}

/** half[c] = ½ · distance from centre c to its nearest other centre. */
function halfNearestCentre(centers: Float32Array, k: number, cols: number, half: Float64Array): void {
  half.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const t = centers[a * cols + j]! - centers[b * cols + j]!;
        s += t * t;
      }
      const h = Math.sqrt(s) / 2;
      if (h < half[a]!) half[a] = h;
      if (h < half[b]!) half[b] = h;
    }
  }
}

/** After the centres moved by `delta`: upper bounds grow by their centre's move, lower bounds shrink by the largest other move. */
function moveBounds(labels: Int32Array, upper: Float64Array, lower: Float64Array, delta: Float64Array, k: number): void {
  let m1 = 0, m2 = 0, arg = -1;
  for (let c = 0; c < k; c++) {
    const d = delta[c]!;
    if (d > m1) { m2 = m1; m1 = d; arg = c; } else if (d > m2) m2 = d;
  }
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i]!;
    upper[i]! += delta[a]!;
    lower[i]! -= a === arg ? m2 : m1;
  }
}

function sumsFromLabels(data: Float32Array, cols: number, labels: Int32Array, sums: Float64Array, counts: Float64Array): void {
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < labels.length; i++) {
    const s = labels[i]! * cols;
    const r = i * cols;
    for (let j = 0; j < cols; j++) sums[s + j]! += data[r + j]!;
    counts[labels[i]!]!++;
  }
}

/** Squared distance of each row to its own centre, computed directly (not the GEMM form). */
function exactDistances(data: Float32Array, cols: number, centers: Float32Array, labels: Int32Array): Float32Array {
  const out = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]! * cols;
    const r = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const t = data[r + j]! - centers[c + j]!;
      s += t * t;
    }
    out[i] = s;
  }
  return out;
}
