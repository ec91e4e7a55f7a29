import type { FloatArray } from './matrix.js';
import type { GemmArgs, MatrixBackend } from './matrix-backend.js';

// NOTE: block sizes chosen so one panel of B (KC rows × NC cols of float32 = 128 KiB) stays in L2 and four
// rows of C plus one row of B stay in L1; measured on the 2-core dev machine, not tuned further.
const KC = 256;
const NC = 128;

/**
 * C = alpha·A·B + beta·C, no transposes. Blocked over k and n; four rows of A at a time so each loaded
 * element of B feeds four multiply-adds (the biggest single win for JS matmul).
 */
function gemmNN(m: number, n: number, k: number, alpha: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const j1 = Math.min(n, j0 + NC);
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
        const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        for (let p = p0; p < p1; p++) {
          const x0 = alpha * a[a0 + p]!, x1 = alpha * a[a1 + p]!, x2 = alpha * a[a2 + p]!, x3 = alpha * a[a3 + p]!;
          const bp = p * n;
          for (let j = j0; j < j1; j++) {
            const bv = b[bp + j]!;
            c[r0 + j] += x0 * bv;
            c[r1 + j] += x1 * bv;
            c[r2 + j] += x2 * bv;
            c[r3 + j] += x3 * bv;
          }
        }
      }
      for (; i < m; i++) {
        const r0 = i * n, a0 = i * k;
        for (let p = p0; p < p1; p++) {
          const x0 = alpha * a[a0 + p]!;
          const bp = p * n;
          for (let j = j0; j < j1; j++) c[r0 + j] += x0 * b[bp + j]!;
        }
      }
    }
  }
}

/** C = alpha·A·Bᵀ + beta·C: row-by-row dot products, unrolled 4× with four independent sums. */
function gemmNT(m: number, n: number, k: number, alpha: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        s0 += a[ai + p]! * b[bj + p]!;
        s1 += a[ai + p + 1]! * b[bj + p + 1]!;
        s2 += a[ai + p + 2]! * b[bj + p + 2]!;
        s3 += a[ai + p + 3]! * b[bj + p + 3]!;
      }
      for (; p < k; p++) s0 += a[ai + p]! * b[bj + p]!;
      c[i * n + j] += alpha * (s0 + s1 + s2 + s3);
    }
  }
}

/**
 * C = alpha·Aᵀ·B + beta·C (A is k×m): rank-1 updates over p, contiguous in B and C, four values of p fused
 * per pass so each row of C is loaded and stored once per four updates.
 */
function gemmTN(m: number, n: number, k: number, alpha: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let j0 = 0; j0 < n; j0 += NC) {
    const j1 = Math.min(n, j0 + NC);
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let i = 0; i < m; i++) {
        const x0 = alpha * a[p * m + i]!, x1 = alpha * a[(p + 1) * m + i]!, x2 = alpha * a[(p + 2) * m + i]!, x3 = alpha * a[(p + 3) * m + i]!;
        const ci = i * n;
        for (let j = j0; j < j1; j++) c[ci + j] += x0 * b[b0 + j]! + x1 * b[b1 + j]! + x2 * b[b2 + j]! + x3 * b[b3 + j]!;
      }
    }
    for (; p < k; p++) {
      const bp = p * n;
      for (let i = 0; i < m; i++) {
        const x = alpha * a[p * m + i]!;
        const ci = i * n;
        for (let j = j0; j < j1; j++) c[ci + j] += x * b[bp + j]!;
      }
    }
  }
}

/** C = alpha·Aᵀ·Bᵀ + beta·C: rare in layers; straightforward. */
function gemmTT(m: number, n: number, k: number, alpha: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i]! * b[j * k + p]!;
      c[i * n + j] += alpha * s;
    }
  }
}

/**
 * The pure-TypeScript {@link MatrixBackend}: blocked, cache-aware loops over Float32Array or Float64Array.
 * Runs in Node and every browser; no WASM, no workers.
 *
 * @example
 * ```ts
 * import { jsMatrixBackend } from '@kenobi/learn';
 * const c = new Float64Array(1);
 * jsMatrixBackend.gemm({ transA: false, transB: true, m: 1, n: 1, k: 2,
 *   a: Float64Array.of(1, 2), b: Float64Array.of(3, 4), c }); // c[0] = 11
 * ```
 */
export const jsMatrixBackend: MatrixBackend = Object.freeze({
  name: 'js',
  gemm(args: GemmArgs): void {
    const { transA, transB, m, n, k, a, b, c } = args;
    const alpha = args.alpha ?? 1;
    const beta = args.beta ?? 0;
    const size = m * n;
    if (beta === 0) c.fill(0, 0, size);
    else if (beta !== 1) for (let i = 0; i < size; i++) c[i] *= beta;
    if (k === 0 || alpha === 0) return;
    if (!transA && !transB) gemmNN(m, n, k, alpha, a, b, c);
    else if (!transA && transB) gemmNT(m, n, k, alpha, a, b, c);
    else if (transA && !transB) gemmTN(m, n, k, alpha, a, b, c);
    else gemmTT(m, n, k, alpha, a, b, c);
  },
  addRowVector(x: FloatArray, rows: number, cols: number, bias: FloatArray): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let j = 0; j < cols; j++) x[o + j] += bias[j]!;
    }
  },
  columnSums(x: FloatArray, rows: number, cols: number, out: FloatArray, beta = 0): void {
    if (beta === 0) out.fill(0, 0, cols);
    else if (beta !== 1) for (let j = 0; j < cols; j++) out[j] *= beta;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let j = 0; j < cols; j++) out[j] += x[o + j]!;
    }
  },
});
