import type { FloatArray } from './matrix.js';

/**
 * Arguments of a general matrix product, row-major, BLAS-style:
 * `C (m×n) = alpha · op(A) · op(B) + beta · C`, where `op(A)` is m×k (A is k×m when `transA`) and
 * `op(B)` is k×n (B is n×k when `transB`). All three arrays have the same dtype.
 */
export interface GemmArgs {
  readonly transA: boolean;
  readonly transB: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: FloatArray;
  readonly b: FloatArray;
  readonly c: FloatArray;
  /** Default 1. */
  readonly alpha?: number;
  /** Default 0: C is overwritten (never read, so it may hold garbage). */
  readonly beta?: number;
}

/**
 * The heavy math of the layers, behind one small seam. Layers call only these; everything O(n) (activations,
 * losses, optimizers) stays in plain TypeScript. The pure-TypeScript {@link jsMatrixBackend} is the default
 * and runs everywhere.
 *
 * NOTE: the seam for onnxruntime is deliberately NOT per-op: FINDINGS.md measured that calling ORT per matmul
 * loses to the call overhead, while one ONNX graph holding the whole forward + backward pass of a
 * `Sequential` reaches ~1.3× PyTorch. That engine belongs behind {@link GradientEngine} (see
 * `train/gradient-engine.ts`), which may ignore this interface entirely; this one serves the per-layer engine.
 *
 * @example
 * ```ts
 * import { jsMatrixBackend } from '@kenobi/learn';
 * const c = new Float32Array(4);
 * jsMatrixBackend.gemm({ transA: false, transB: false, m: 2, n: 2, k: 1,
 *   a: Float32Array.of(1, 2), b: Float32Array.of(3, 4), c }); // c = [3, 4, 6, 8]
 * ```
 */
export interface MatrixBackend {
  readonly name: string;
  /** C = alpha · op(A) · op(B) + beta · C. */
  gemm(args: GemmArgs): void;
  /** x[r, :] += bias for every row (in place). */
  addRowVector(x: FloatArray, rows: number, cols: number, bias: FloatArray): void;
  /** out[c] = beta · out[c] + Σ_r x[r, c] (column sums; the bias gradient). */
  columnSums(x: FloatArray, rows: number, cols: number, out: FloatArray, beta?: number): void;
}
