import { allocFloat, dtypeOf, type DType, type FloatArray, type Matrix } from '../backend/matrix.js';

/**
 * A reusable output buffer: returns a matrix of `rows × cols` backed by the same allocation while it fits,
 * so a training loop does not allocate per batch.
 *
 * @example
 * ```ts
 * const out = new ScratchMatrix();
 * const y = out.take(256, 10, 'float32'); // reused by the next take() of the same size or smaller
 * ```
 */
export class ScratchMatrix {
  private buffer: FloatArray | undefined;

  take(rows: number, cols: number, dtype: DType): Matrix {
    const n = rows * cols;
    if (this.buffer === undefined || this.buffer.length < n || dtypeOf(this.buffer) !== dtype) {
      this.buffer = allocFloat(dtype, n);
    }
    return { rows, cols, data: this.buffer.length === n ? this.buffer : this.buffer.subarray(0, n) };
  }
}
