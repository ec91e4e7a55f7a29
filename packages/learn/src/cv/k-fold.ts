import { SeededRandom } from '@kenobi/core';
import { LearnError } from '../learn-error.js';
import { foldsFromAssignment, type Fold } from './fold.js';

/**
 * K contiguous folds as scikit-learn's `KFold(n_splits=k, shuffle=False)`: the first n % k folds hold one
 * row more. With `shuffle` and `seed`, rows are permuted first (Kenobi's own seeded permutation, not
 * NumPy's: assignments differ from scikit-learn's shuffled folds).
 *
 * @example
 * ```ts
 * kFold(10, 3).map((f) => f.test.length); // [4, 3, 3]
 * ```
 */
export function kFold(n: number, k: number, options: { shuffle?: boolean; seed?: number } = {}): Fold[] {
  if (!(Number.isInteger(k) && k >= 2)) throw new LearnError('learn/bad-argument', `k must be an integer >= 2, got ${k}`);
  if (k > n) throw new LearnError('learn/bad-argument', `cannot make ${k} folds from ${n} samples`);
  const order = options.shuffle ? new SeededRandom(options.seed ?? 0).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const assignment = new Int32Array(n);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let i = start; i < start + size; i++) assignment[order[i]!] = f;
    start += size;
  }
  return foldsFromAssignment(assignment, k);
}
