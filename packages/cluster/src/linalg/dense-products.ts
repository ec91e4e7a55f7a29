/** Dense float64 products and orthonormalisation used by PCA (row-major, no allocation tricks). */

/**
 * C = A·B with A (n × m) and B (m × p).
 *
 * @example
 * ```ts
 * multiply(Float64Array.from([1, 2]), 1, 2, Float64Array.from([3, 4]), 1); // Float64Array [11]
 * ```
 */
export function multiply(a: ArrayLike<number>, n: number, m: number, b: ArrayLike<number>, p: number): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const v = a[i * m + k]!;
      if (v === 0) continue;
      const bo = k * p;
      const co = i * p;
      for (let j = 0; j < p; j++) c[co + j]! += v * b[bo + j]!;
    }
  }
  return c;
}

/**
 * C = Aᵀ·B with A (n × m) and B (n × p): an m × p result.
 *
 * @example
 * ```ts
 * multiplyTransposedA(Float64Array.from([1, 2]), 2, 1, Float64Array.from([3, 4]), 1); // Float64Array [11]
 * ```
 */
export function multiplyTransposedA(a: ArrayLike<number>, n: number, m: number, b: ArrayLike<number>, p: number): Float64Array {
  const c = new Float64Array(m * p);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const v = a[i * m + k]!;
      if (v === 0) continue;
      const co = k * p;
      const bo = i * p;
      for (let j = 0; j < p; j++) c[co + j]! += v * b[bo + j]!;
    }
  }
  return c;
}

/**
 * Orthonormalises the columns of an n × m matrix in place (modified Gram–Schmidt, two passes for stability).
 *
 * @example
 * ```ts
 * orthonormalizeColumns(q, 1000, 20); // q's 20 columns are now orthonormal
 * ```
 */
export function orthonormalizeColumns(q: Float64Array, n: number, m: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < m; j++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i * m + j]! * q[i * m + p]!;
        for (let i = 0; i < n; i++) q[i * m + j]! -= dot * q[i * m + p]!;
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += q[i * m + j]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < n; i++) q[i * m + j]! /= norm;
    }
  }
}
