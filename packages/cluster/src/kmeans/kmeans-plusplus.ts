/**
 * Greedy k-means++ seeding as scikit-learn's `_kmeans_plusplus`: each new centre is the best of
 * 2 + ⌊ln k⌋ candidates drawn with probability ∝ D(x)², judged by the potential it leaves.
 */
import type { SeededRandom } from '@kenobi/core';
import type { BoundAssignment } from '../kernels/assignment-kernel.js';

/**
 * Picks `k` initial centres (k × D, row-major) and their row indices.
 *
 * @example
 * ```ts
 * const bound = await tsAssignmentKernel().bind(x.data, x.rows, x.cols);
 * const { centers, indices } = await kmeansPlusPlus(x.data, bound, x.cols, 10, new SeededRandom(0));
 * indices.length; // 10
 * ```
 */
export async function kmeansPlusPlus(
  data: Float32Array,
  bound: BoundAssignment,
  cols: number,
  k: number,
  rng: SeededRandom,
  localTrials: number = 2 + Math.floor(Math.log(k)),
): Promise<{ centers: Float32Array; indices: Int32Array }> {
  const n = bound.rows;
  const centers = new Float32Array(k * cols);
  const indices = new Int32Array(k);
  const first = rng.int(n);
  indices[0] = first;
  centers.set(data.subarray(first * cols, (first + 1) * cols), 0);
  let closest = await bound.squaredDistances(centers.subarray(0, cols), 1);
  let potential = sum(closest);
  const cumulative = new Float64Array(n);
  const candidates = new Int32Array(localTrials);
  const candidatePoints = new Float32Array(localTrials * cols);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) { acc += closest[i]!; cumulative[i] = acc; }
    for (let t = 0; t < localTrials; t++) {
      const id = Math.min(searchSortedLeft(cumulative, rng.uniform() * potential), n - 1);
      candidates[t] = id;
      candidatePoints.set(data.subarray(id * cols, (id + 1) * cols), t * cols);
    }
    const d = await bound.squaredDistances(candidatePoints, localTrials);
    let best = 0;
    let bestPotential = Infinity;
    for (let t = 0; t < localTrials; t++) {
      let p = 0;
      for (let i = 0; i < n; i++) p += Math.min(closest[i]!, d[i * localTrials + t]!);
      if (p < bestPotential) { bestPotential = p; best = t; }
    }
    const next = new Float32Array(n);
    for (let i = 0; i < n; i++) next[i] = Math.min(closest[i]!, d[i * localTrials + best]!);
    closest = next;
    potential = bestPotential;
    indices[c] = candidates[best]!;
    centers.set(candidatePoints.subarray(best * cols, (best + 1) * cols), c * cols);
  }
  return { centers, indices };
}

function sum(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** First index i with a[i] >= v (numpy searchsorted, side 'left'); a.length when none. */
function searchSortedLeft(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
