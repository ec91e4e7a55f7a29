/** Test support: overlapping Gaussian blobs, the data of the k-means tests and of scripts/bench/cluster. */
import { SeededRandom } from '@kenobi/core';

/**
 * Gaussian blobs: `k` centres at `scale` × N(0, 1), unit noise, float32 rows × cols row-major. The benchmark's
 * default 0.15 overlaps in 512-d (~20 Lloyd iterations); the tests' 0.6 leaves rows changing cluster for many
 * iterations, a few at a time near the end, and many near boundaries (bounds and relabelling both exercised).
 *
 * @example
 * ```ts
 * const x = blobs(20_000, 512, 10, 1); // Float32Array(20000 * 512)
 * ```
 */
export function blobs(rows: number, cols: number, k: number, seed: number, scale = 0.15): Float32Array {
  const rng = new SeededRandom(seed);
  const centres = Float32Array.from({ length: k * cols }, () => rng.normal() * scale);
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const c = rng.int(k);
    for (let j = 0; j < cols; j++) x[i * cols + j] = centres[c * cols + j]! + rng.normal();
  }
  return x;
}
