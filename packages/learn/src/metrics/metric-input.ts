import { LearnError } from '../learn-error.js';

/**
 * Checks two arrays have the same non-zero length (`learn/shape-mismatch`) and hold finite numbers
 * (`learn/non-finite-input`); returns them as Float64Arrays.
 *
 * @example
 * ```ts
 * const [t, p] = pairedInput([0, 1], [0.2, 0.9], 'rocCurve');
 * ```
 */
export function pairedInput(a: ArrayLike<number>, b: ArrayLike<number>, what: string): [Float64Array, Float64Array] {
  if (a.length !== b.length) throw new LearnError('learn/shape-mismatch', `${what}: ${a.length} true values but ${b.length} predictions`);
  if (a.length === 0) throw new LearnError('learn/bad-argument', `${what}: no samples`);
  const x = Float64Array.from(a), y = Float64Array.from(b);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) {
      throw new LearnError('learn/non-finite-input', `${what}: non-finite value at index ${i} (${x[i]}, ${y[i]})`);
    }
  }
  return [x, y];
}

/**
 * The sorted distinct values of the given arrays (scikit-learn's `unique_labels`).
 *
 * @example
 * ```ts
 * uniqueLabels([2, 0], [1, 2]); // [0, 1, 2]
 * ```
 */
export function uniqueLabels(...arrays: ArrayLike<number>[]): number[] {
  const s = new Set<number>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) s.add(a[i]!);
  return [...s].sort((p, q) => p - q);
}
