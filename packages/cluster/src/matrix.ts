/**
 * The data model of the package: a dense row-major matrix over a typed array (rows = samples, cols =
 * features), with the input checks every estimator shares.
 */
import { cOrderValues } from '@kenobi/core';
import type { StridedView } from '@kenobi/core';
import { ClusterError } from './cluster-error.js';

/** A dense row-major matrix: `data[i * cols + j]` is row i, column j. */
export interface Matrix<T extends Float32Array | Float64Array = Float32Array | Float64Array> {
  readonly data: T;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Wraps a typed array as a matrix (no copy) after checking the sizes agree.
 *
 * @example
 * ```ts
 * const x = matrix(new Float32Array([1, 2, 3, 4, 5, 6]), 3, 2); // 3 rows × 2 features
 * ```
 */
export function matrix<T extends Float32Array | Float64Array>(data: T, rows: number, cols: number): Matrix<T> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows * cols !== data.length) {
    throw new ClusterError('cluster/shape-mismatch', `a ${rows}×${cols} matrix needs ${rows * cols} values, the array holds ${data.length}`);
  }
  return { data, rows, cols };
}

/**
 * A matrix from nested arrays (float64).
 *
 * @example
 * ```ts
 * matrixFromRows([[0, 1], [2, 3]]); // { rows: 2, cols: 2, data: Float64Array [0, 1, 2, 3] }
 * ```
 */
export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix<Float64Array> {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new ClusterError('cluster/shape-mismatch', `row ${i} has ${r.length} values, row 0 has ${cols}`);
    data.set(r, i * cols);
  });
  return { data, rows: rows.length, cols };
}

/**
 * The matrix as float32 (the same object when it already is).
 *
 * @example
 * ```ts
 * toFloat32(matrixFromRows([[1, 2]])).data; // Float32Array [1, 2]
 * ```
 */
export function toFloat32(x: Matrix): Matrix<Float32Array> {
  return x.data instanceof Float32Array ? (x as Matrix<Float32Array>) : { data: Float32Array.from(x.data), rows: x.rows, cols: x.cols };
}

/**
 * The matrix as float64 (the same object when it already is).
 *
 * @example
 * ```ts
 * toFloat64(matrix(new Float32Array([1, 2]), 1, 2)).data; // Float64Array [1, 2]
 * ```
 */
export function toFloat64(x: Matrix): Matrix<Float64Array> {
  return x.data instanceof Float64Array ? (x as Matrix<Float64Array>) : { data: Float64Array.from(x.data), rows: x.rows, cols: x.cols };
}

/**
 * Throws `cluster/empty-input` for no rows or no columns and `cluster/non-finite-input` (naming the first
 * bad row) for NaN or ±Infinity. `what` names the input in the message.
 *
 * @example
 * ```ts
 * checkFinite(matrixFromRows([[1, NaN]]), 'features'); // throws cluster/non-finite-input: row 0 ...
 * ```
 */
export function checkFinite(x: Matrix, what = 'input'): void {
  if (x.rows === 0 || x.cols === 0) {
    throw new ClusterError('cluster/empty-input', `${what} is empty (${x.rows} rows × ${x.cols} features)`, { hint: 'check that the feature store holds rows' });
  }
  const d = x.data;
  if (allFinite(d)) return;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      const row = Math.floor(i / x.cols);
      throw new ClusterError('cluster/non-finite-input', `${what}: row ${row} holds ${d[i]} at feature ${i % x.cols}`, {
        hint: 'drop or impute rows with NaN/Infinity before clustering',
        details: { row, column: i % x.cols },
      });
    }
  }
}

/**
 * True when every value is finite: v·0 is 0 for finite v and NaN for NaN and ±Infinity, so four sums of v·0
 * stay 0 exactly when all are finite.
 * NOTE: 2.2× faster than a `Number.isFinite` loop (four independent add chains, no branch per value); a
 * mini-batch shard of 50,000 × 128 is checked on every `partialFit` (docs/benchmarks/cluster.md, profile).
 */
function allFinite(d: ArrayLike<number>): boolean {
  const n = d.length;
  const end4 = n - (n & 3);
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (let i = 0; i < end4; i += 4) {
    a0 += d[i]! * 0;
    a1 += d[i + 1]! * 0;
    a2 += d[i + 2]! * 0;
    a3 += d[i + 3]! * 0;
  }
  for (let i = end4; i < n; i++) a0 += d[i]! * 0;
  return a0 + a1 + a2 + a3 === 0;
}

/**
 * Throws `cluster/shape-mismatch` unless `x` has `cols` features.
 *
 * @example
 * ```ts
 * checkCols(x, 512, 'predict'); // throws when x has 256 features
 * ```
 */
export function checkCols(x: Matrix, cols: number, what: string): void {
  if (x.cols !== cols) {
    throw new ClusterError('cluster/shape-mismatch', `${what}: the model was fitted on ${cols} features, this input has ${x.cols}`);
  }
}

/**
 * Per-column means (float64).
 *
 * @example
 * ```ts
 * columnMeans(matrixFromRows([[1, 2], [3, 4]])); // Float64Array [2, 3]
 * ```
 */
export function columnMeans(x: Matrix): Float64Array {
  const m = new Float64Array(x.cols);
  const d = x.data;
  for (let i = 0; i < x.rows; i++) {
    const o = i * x.cols;
    for (let j = 0; j < x.cols; j++) m[j]! += d[o + j]!;
  }
  for (let j = 0; j < x.cols; j++) m[j]! /= x.rows;
  return m;
}

/**
 * Per-column population variances (ddof 0, float64), as `np.var(x, axis=0)`.
 *
 * @example
 * ```ts
 * columnVariances(matrixFromRows([[1, 2], [3, 2]])); // Float64Array [1, 0]
 * ```
 */
export function columnVariances(x: Matrix, means: Float64Array = columnMeans(x)): Float64Array {
  const v = new Float64Array(x.cols);
  const d = x.data;
  for (let i = 0; i < x.rows; i++) {
    const o = i * x.cols;
    for (let j = 0; j < x.cols; j++) {
      const t = d[o + j]! - means[j]!;
      v[j]! += t * t;
    }
  }
  for (let j = 0; j < x.cols; j++) v[j]! /= x.rows;
  return v;
}

/**
 * A matrix from a 2-D strided view (a scijs array, a transposed or sliced one included; `[rows, cols]`): the
 * view's own memory when it is C-contiguous float32/float64, else a C-order copy (other element types become
 * float64). Throws `cluster/shape-mismatch` for a view that is not 2-D.
 *
 * @example
 * ```ts
 * const x = matrixFromView(ndarray(features, [512, 1000]).transpose(1, 0)); // 1000 rows × 512 features
 * new KMeans({ k: 10 }).fit(x);
 * ```
 */
export function matrixFromView(view: StridedView): Matrix {
  if (view.shape.length !== 2) throw new ClusterError('cluster/shape-mismatch', `a matrix needs a 2-D view, got shape [${view.shape.join(', ')}]`);
  const values = cOrderValues(view);
  const data = values instanceof Float32Array || values instanceof Float64Array ? values : Float64Array.from(values);
  return matrix(data, view.shape[0]!, view.shape[1]!);
}
