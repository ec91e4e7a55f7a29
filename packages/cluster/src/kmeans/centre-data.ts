/** Centring for k-means in two monomorphic float32 passes (means; then the centred copy and the variances). */

/**
 * The centred copy of a float32 N × D matrix, its column means and the mean of the column variances (ddof 0,
 * as `np.var(x, axis=0).mean()`, which scales sklearn's tol).
 *
 * @example
 * ```ts
 * const { centred, mean, meanVariance } = centreData(x.data, x.rows, x.cols);
 * ```
 */
export function centreData(data: Float32Array, rows: number, cols: number): { centred: Float32Array; mean: Float64Array; meanVariance: number; rowNorms?: Float32Array } {
  const mean = new Float64Array(cols);
  for (let i = 0, o = 0; i < rows; i++, o += cols) for (let j = 0; j < cols; j++) mean[j]! += data[o + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= rows;
  const centred = new Float32Array(rows * cols);
  const mean32 = Float32Array.from(mean);
  let sq = 0;
  for (let i = 0, o = 0; i < rows; i++, o += cols) {
    for (let j = 0; j < cols; j++) {
      const t = data[o + j]! - mean[j]!;
      centred[o + j] = data[o + j]! - mean32[j]!;
      sq += t * t;
    }
  }
  return { centred, mean, meanVariance: sq / (rows * cols) };
}
