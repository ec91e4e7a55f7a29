import { LearnError } from '../learn-error.js';

/**
 * Element types a model can compute in. `float32` is the default and what a `.kenobi` file stores;
 * `float64` exists for finite-difference gradient checks and bit-for-bit parity tests.
 *
 * @example
 * ```ts
 * import { DTYPES } from '@kenobi/learn';
 * DTYPES; // ['float32', 'float64']
 * ```
 */
export const DTYPES = Object.freeze(['float32', 'float64'] as const);

/** One of {@link DTYPES}. */
export type DType = (typeof DTYPES)[number];

/** A Float32Array or a Float64Array. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A dense row-major matrix: `data[r * cols + c]`. Features are matrices with one row per sample.
 *
 * @example
 * ```ts
 * import { matrix } from '@kenobi/learn';
 * const x = matrix(2, 3, [1, 2, 3, 4, 5, 6]); // { rows: 2, cols: 3, data: Float32Array(6) }
 * ```
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: FloatArray;
}

/**
 * Allocates a typed array of `dtype`.
 *
 * @example
 * ```ts
 * allocFloat('float64', 4); // Float64Array(4) [0, 0, 0, 0]
 * ```
 */
export function allocFloat(dtype: DType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/**
 * The dtype of a typed array.
 *
 * @example
 * ```ts
 * dtypeOf(new Float64Array(1)); // 'float64'
 * ```
 */
export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

/**
 * Builds a matrix from a shape and values (copied). `values` may be nested rows or flat.
 *
 * @example
 * ```ts
 * matrix(2, 2, [[1, 2], [3, 4]]).data; // Float32Array [1, 2, 3, 4]
 * matrix(1, 2, [1, 2], 'float64').data; // Float64Array [1, 2]
 * ```
 */
export function matrix(
  rows: number,
  cols: number,
  values?: ArrayLike<number> | readonly (readonly number[])[],
  dtype: DType = 'float32',
): Matrix {
  const data = allocFloat(dtype, rows * cols);
  if (values !== undefined) {
    const flat = Array.isArray(values) && Array.isArray(values[0]) ? (values as number[][]).flat() : (values as ArrayLike<number>);
    if (flat.length !== rows * cols) {
      throw new LearnError('learn/shape-mismatch', `matrix(${rows}, ${cols}) needs ${rows * cols} values, got ${flat.length}`);
    }
    if (ArrayBuffer.isView(flat)) data.set(flat as unknown as ArrayLike<number>); // typed arrays: a memcpy-speed copy
    else for (let i = 0; i < flat.length; i++) data[i] = flat[i]!;
  }
  return { rows, cols, data };
}

/**
 * Wraps an existing typed array as a matrix (no copy).
 *
 * @example
 * ```ts
 * const x = asMatrix(new Float32Array(6), 3); // 2 rows × 3 cols
 * ```
 */
export function asMatrix(data: FloatArray, cols: number): Matrix {
  if (cols <= 0 || data.length % cols !== 0) {
    throw new LearnError('learn/shape-mismatch', `${data.length} values do not split into rows of ${cols}`);
  }
  return { rows: data.length / cols, cols, data };
}

/**
 * Copies the given rows of `x` (in that order) into a new matrix, converting to `dtype` if asked.
 *
 * @example
 * ```ts
 * const batch = gatherRows(x, Int32Array.from([4, 0, 7]));
 * batch.rows; // 3
 * ```
 */
export function gatherRows(x: Matrix, rows: ArrayLike<number>, dtype: DType = dtypeOf(x.data)): Matrix {
  const out = allocFloat(dtype, rows.length * x.cols);
  const c = x.cols;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (dtype === dtypeOf(x.data)) (out as Float32Array).set((x.data as Float32Array).subarray(r * c, r * c + c), i * c);
    else for (let j = 0; j < c; j++) out[i * c + j] = x.data[r * c + j]!;
  }
  return { rows: rows.length, cols: c, data: out };
}

/**
 * Converts a matrix to another dtype (a copy; the same object when it already has that dtype).
 *
 * @example
 * ```ts
 * castMatrix(x32, 'float64').data instanceof Float64Array; // true
 * ```
 */
export function castMatrix(x: Matrix, dtype: DType): Matrix {
  if (dtypeOf(x.data) === dtype) return x;
  const data = allocFloat(dtype, x.data.length);
  data.set(x.data);
  return { rows: x.rows, cols: x.cols, data };
}
