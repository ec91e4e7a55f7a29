import { SeededRandom } from '@kenobi/core';
import { LearnError } from '../learn-error.js';
import { foldsFromAssignment, type Fold } from './fold.js';

/**
 * Test-fold id per row, exactly as scikit-learn 1.2's `StratifiedKFold(n_splits=k, shuffle=False)`:
 * classes are encoded in order of first appearance, the sorted encoded labels are dealt round-robin to
 * the folds to fix each fold's per-class counts, and within each class rows go to folds in order.
 * With `shuffle`, the per-class fold lists are permuted with Kenobi's seeded generator (not NumPy's).
 *
 * @example
 * ```ts
 * stratifiedFoldAssignment([0, 0, 0, 1, 1, 1], 3); // Int32Array [0, 1, 2, 0, 1, 2]
 * ```
 */
export function stratifiedFoldAssignment(y: ArrayLike<number>, k: number, options: { shuffle?: boolean; seed?: number } = {}): Int32Array {
  if (!(Number.isInteger(k) && k >= 2)) throw new LearnError('learn/bad-argument', `k must be an integer >= 2, got ${k}`);
  const n = y.length;
  if (k > n) throw new LearnError('learn/bad-argument', `cannot make ${k} folds from ${n} samples`);
  const code = new Map<number, number>();
  const encoded = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!code.has(v)) code.set(v, code.size);
    encoded[i] = code.get(v)!;
  }
  const classes = code.size;
  const counts = new Int32Array(classes);
  for (const c of encoded) counts[c]++;
  if (counts.every((c) => c < k)) {
    throw new LearnError('learn/bad-argument', `stratified ${k}-fold needs at least one class with ${k} members (largest has ${Math.max(...counts)})`);
  }
  const sorted = Int32Array.from(encoded).sort();
  const allocation = Array.from({ length: k }, () => new Int32Array(classes));
  for (let f = 0; f < k; f++) for (let i = f; i < n; i += k) allocation[f]![sorted[i]!]++;
  const rng = options.shuffle ? new SeededRandom(options.seed ?? 0) : undefined;
  const testFold = new Int32Array(n);
  for (let c = 0; c < classes; c++) {
    const foldsForClass: number[] = [];
    for (let f = 0; f < k; f++) for (let r = 0; r < allocation[f]![c]!; r++) foldsForClass.push(f);
    if (rng) {
      const p = rng.permutation(foldsForClass.length);
      const copy = [...foldsForClass];
      p.forEach((src, i) => (foldsForClass[i] = copy[src]!));
    }
    let j = 0;
    for (let i = 0; i < n; i++) if (encoded[i] === c) testFold[i] = foldsForClass[j++]!;
  }
  return testFold;
}

/**
 * Stratified k folds (see {@link stratifiedFoldAssignment}): every class spread evenly over the test parts.
 * Folds expose their row indices, so features are extracted once and reused across folds.
 *
 * @example
 * ```ts
 * const folds = stratifiedKFold(labels, 5);
 * folds[0].test; // Int32Array of row indices
 * ```
 */
export function stratifiedKFold(y: ArrayLike<number>, k: number, options: { shuffle?: boolean; seed?: number } = {}): Fold[] {
  return foldsFromAssignment(stratifiedFoldAssignment(y, k, options), k);
}
