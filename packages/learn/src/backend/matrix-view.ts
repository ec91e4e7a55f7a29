/**
 * Features as strided views: the heads' entry points (`predict`, `predictProba`, `predictClasses`,
 * `mcDropout`, `fit`, `trainHead`) take a {@link Matrix} or any 2-D strided view `[rows, features]` (a scijs
 * array in Node, transposed or sliced; `{ data, shape }`), read in C order. Pure TypeScript without code
 * generation.
 */
import { cOrderValues, isStridedView } from '@kenobi/core';
import type { StridedView } from '@kenobi/core';
import { LearnError } from '../learn-error.js';
import type { Matrix } from './matrix.js';

/**
 * Features as the heads take them: a matrix `{ rows, cols, data }` or a 2-D strided view `[rows, features]`.
 *
 * @example
 * ```ts
 * const a: MatrixInput = matrix(2, 3, [1, 2, 3, 4, 5, 6]);
 * const b: MatrixInput = ndarray(featureMajor, [3, 2]).transpose(1, 0); // the same 2 × 3 matrix
 * ```
 */
export type MatrixInput = Matrix | StridedView;

/**
 * A matrix from a 2-D strided view: the view's own memory when it is C-contiguous float32/float64, else a
 * C-order copy (other element types become float32). Throws `learn/shape-mismatch` for a view that is not 2-D.
 *
 * @example
 * ```ts
 * const x = matrixFromView(ndarray(embeddings, [512, 1000]).transpose(1, 0)); // 1000 rows × 512 features
 * predictProba(head, x);
 * ```
 */
export function matrixFromView(view: StridedView): Matrix {
  if (view.shape.length !== 2) throw new LearnError('learn/shape-mismatch', `features need a 2-D view [rows, features], got shape [${view.shape.join(', ')}]`);
  const values = cOrderValues(view);
  const data = values instanceof Float32Array || values instanceof Float64Array ? values : Float32Array.from(values);
  return { rows: view.shape[0]!, cols: view.shape[1]!, data };
}

/**
 * The matrix of a {@link MatrixInput}: a matrix as it is, a view through {@link matrixFromView}. Throws
 * `learn/bad-argument` for anything else.
 *
 * @example
 * ```ts
 * toMatrix({ data: Float32Array.of(1, 2, 3, 4), shape: [2, 2], stride: [1, 2] }).data; // Float32Array [1, 3, 2, 4]
 * ```
 */
export function toMatrix(x: MatrixInput, what = 'features'): Matrix {
  const m = x as Partial<Matrix> & { shape?: unknown };
  if (m !== null && typeof m === 'object' && m.shape === undefined && typeof m.rows === 'number' && typeof m.cols === 'number') return x as Matrix;
  if (isStridedView(x)) return matrixFromView(x);
  throw new LearnError('learn/bad-argument', `${what} must be a matrix { rows, cols, data } or a 2-D strided view { data, shape, stride?, offset? }`);
}
