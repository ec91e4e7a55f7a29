/** Centroids as an `.npy` file (k × D float32), readable with `numpy.load`. */
import { writeNpy } from '@kenobi/core';
import { ClusterError } from '../cluster-error.js';

/**
 * The bytes of a k × D float32 `.npy`.
 *
 * @example
 * ```ts
 * writeFileSync('centroids.npy', centroidsNpy(km.centers, 10, 50)); // np.load → shape (10, 50)
 * ```
 */
export function centroidsNpy(centers: Float32Array | Float64Array, k: number, d: number): Uint8Array {
  if (centers.length !== k * d) throw new ClusterError('cluster/shape-mismatch', `centroids: ${centers.length} values for ${k} × ${d}`);
  return writeNpy(centers instanceof Float32Array ? centers : Float32Array.from(centers), [k, d]);
}
