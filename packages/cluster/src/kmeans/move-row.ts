/**
 * One row moving between clusters in Lloyd's running sums: the step every k-means iteration takes for each row
 * whose label changed.
 */

/**
 * Moves row `row` of `data` (`cols` values per row) from cluster `from` to cluster `to`: its values leave
 * `sums[from]` and join `sums[to]` (float64, `cols` per cluster), and the counts follow.
 *
 * @example
 * ```ts
 * moveRow(x.data, x.cols, i, labelsBefore[i], labels[i], sums, counts);
 * ```
 */
export function moveRow(data: Float32Array, cols: number, row: number, from: number, to: number, sums: Float64Array, counts: Float64Array): void {
  const o = row * cols, a = from * cols, b = to * cols;
  for (let j = 0; j < cols; j++) {
    const v = data[o + j]!;
    sums[a + j]! -= v;
    sums[b + j]! += v;
  }
  counts[from]! -= 1;
  counts[to]! += 1;
}
