/** Exact (difference-form) squared distances to centres, for inertia and `transform`. */

/**
 * Σ‖x_i − c_{label_i}‖² computed as differences in float64 (not the GEMM form), as sklearn's `_inertia`.
 *
 * @example
 * ```ts
 * exactInertia(x.data, x.cols, centers, labels); // 1234.5
 * ```
 */
export function exactInertia(data: Float32Array | Float64Array, cols: number, centers: ArrayLike<number>, labels: Int32Array): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const o = i * cols;
    const c = labels[i]! * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const t = data[o + j]! - centers[c + j]!;
      s += t * t;
    }
    total += s;
  }
  return total;
}

/**
 * Euclidean (not squared) distances from every row to every centre: N × k, float64, row-major.
 *
 * @example
 * ```ts
 * euclideanToCenters(x.data, x.rows, x.cols, centers, 3); // Float64Array(N * 3)
 * ```
 */
export function euclideanToCenters(data: Float32Array | Float64Array, rows: number, cols: number, centers: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const t = data[o + j]! - centers[c * cols + j]!;
        s += t * t;
      }
      out[i * k + c] = Math.sqrt(s);
    }
  }
  return out;
}
