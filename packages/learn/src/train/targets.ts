import { gatherRows, type Matrix } from '../backend/matrix.js';
import type { Targets } from '../losses/loss.js';
import { LearnError } from '../learn-error.js';

/**
 * Number of rows the targets cover.
 *
 * @example
 * ```ts
 * targetRows(Int32Array.of(0, 1, 1)); // 3
 * ```
 */
export function targetRows(y: Targets): number {
  return y instanceof Int32Array ? y.length : y.rows;
}

/**
 * The targets of the given rows, in that order.
 *
 * @example
 * ```ts
 * gatherTargets(Int32Array.of(5, 6, 7), [2, 0]); // Int32Array [7, 5]
 * ```
 */
export function gatherTargets(y: Targets, rows: ArrayLike<number>): Targets {
  if (y instanceof Int32Array) {
    const out = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]!]!;
    return out;
  }
  return gatherRows(y, rows);
}

/**
 * Accepts class labels given as any integer array (number[], Float32Array of 0/1, ...) or a float matrix,
 * returning an `Int32Array` for labels.
 *
 * @example
 * ```ts
 * toTargets([0, 1, 1]); // Int32Array [0, 1, 1]
 * ```
 */
export function toTargets(y: Targets | ArrayLike<number>): Targets {
  if (y instanceof Int32Array) return y;
  if ((y as Matrix).data !== undefined && typeof (y as Matrix).cols === 'number') return y as Matrix;
  const a = y as ArrayLike<number>;
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!Number.isInteger(v)) throw new LearnError('learn/bad-argument', `label ${v} at row ${i} is not an integer class index (pass a matrix for regression targets)`);
    out[i] = v;
  }
  return out;
}
