import { SeededRandom } from '@kenobi/core';
import { matrix, type Matrix } from './backend/matrix.js';

/**
 * Test support (not exported from the package): a seeded, linearly separable-ish binary problem.
 *
 * @example
 * ```ts
 * const { x, y } = syntheticBinary(200, 8, 1);
 * ```
 */
export function syntheticBinary(rows: number, cols: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = new SeededRandom(seed);
  const w = Array.from({ length: cols }, () => rng.normal());
  const values: number[] = [];
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const v = rng.normal();
      values.push(v);
      s += v * w[j]!;
    }
    y[r] = s + 0.5 * rng.normal() > 0 ? 1 : 0;
  }
  return { x: matrix(rows, cols, values), y };
}
