/**
 * Empty-cluster relocation as scikit-learn's `_relocate_empty_clusters_dense`: each empty cluster takes the
 * row farthest from its current centre, which leaves its old cluster.
 */

/**
 * Moves the farthest rows into empty clusters, editing `sums` (k × D) and `counts` (k) in place. Returns how
 * many clusters were empty.
 *
 * @example
 * ```ts
 * relocateEmptyClusters(x.data, x.cols, labels, distances, sums, counts); // 0 when no cluster is empty
 * ```
 */
export function relocateEmptyClusters(
  data: Float32Array,
  cols: number,
  labels: Int32Array,
  distances: Float32Array,
  sums: Float64Array,
  counts: Float64Array,
): number {
  const empty: number[] = [];
  counts.forEach((c, j) => { if (c === 0) empty.push(j); });
  if (empty.length === 0) return 0;
  // NOTE: sklearn takes np.argpartition's top n_empty (unordered among themselves); we take them farthest first.
  const far = Array.from(labels.keys()).sort((a, b) => distances[b]! - distances[a]! || a - b).slice(0, empty.length);
  empty.forEach((target, idx) => {
    const row = far[idx]!;
    const old = labels[row]!;
    const o = row * cols;
    for (let j = 0; j < cols; j++) {
      sums[old * cols + j]! -= data[o + j]!;
      sums[target * cols + j] = data[o + j]!;
    }
    counts[target] = 1;
    counts[old]! -= 1;
  });
  return empty.length;
}
