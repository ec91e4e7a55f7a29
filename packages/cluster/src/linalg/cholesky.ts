/** Cholesky factorisation and triangular inverse for small dense symmetric matrices (float64, row-major). */
import { ClusterError } from '../cluster-error.js';

/**
 * Lower-triangular L with A = L·Lᵀ (d × d row-major). Throws `cluster/not-positive-definite`.
 *
 * @example
 * ```ts
 * cholesky(Float64Array.from([4, 2, 2, 3]), 2); // Float64Array [2, 0, 1, 1.414…]
 * ```
 */
export function cholesky(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let m = 0; m < j; m++) s -= l[i * d + m]! * l[j * d + m]!;
      if (i === j) {
        if (!(s > 0)) {
          throw new ClusterError('cluster/not-positive-definite', `a covariance matrix is not positive definite (pivot ${i} is ${s})`, {
            hint: 'raise regCovar, reduce k, or drop constant/duplicate features (e.g. with PCA)',
          });
        }
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j]!;
      }
    }
  }
  return l;
}

/**
 * The inverse of a lower-triangular matrix (itself lower-triangular).
 *
 * @example
 * ```ts
 * invertLower(Float64Array.from([2, 0, 1, 1]), 2); // Float64Array [0.5, 0, -0.5, 1]
 * ```
 */
export function invertLower(l: Float64Array, d: number): Float64Array {
  const inv = new Float64Array(d * d);
  for (let col = 0; col < d; col++) {
    for (let i = col; i < d; i++) {
      let s = i === col ? 1 : 0;
      for (let m = col; m < i; m++) s -= l[i * d + m]! * inv[m * d + col]!;
      inv[i * d + col] = s / l[i * d + i]!;
    }
  }
  return inv;
}
