/** Inertia of a clustering given centres. */
import { ClusterError } from '../cluster-error.js';
import { exactInertia } from '../kmeans/exact-distances.js';
import type { Matrix } from '../matrix.js';

/**
 * Σ‖x_i − c_{label_i}‖² (sklearn's `inertia_`), with centres k × D row-major.
 *
 * @example
 * ```ts
 * inertia(matrixFromRows([[0], [2]]), [0, 0], [1]); // 2
 * ```
 */
export function inertia(x: Matrix, labels: ArrayLike<number>, centers: ArrayLike<number>): number {
  if (labels.length !== x.rows) throw new ClusterError('cluster/shape-mismatch', `${labels.length} labels for ${x.rows} rows`);
  return exactInertia(x.data, x.cols, centers, Int32Array.from(Array.from(labels)));
}
