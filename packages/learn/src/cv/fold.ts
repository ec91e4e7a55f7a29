/**
 * One cross-validation split: row indices of the training and test parts (ascending).
 *
 * @example
 * ```ts
 * for (const { train, test } of stratifiedKFold(labels, 5)) { ... gatherRows(features, train) ... }
 * ```
 */
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * Folds from a test-fold id per row (rows with fold id k form test part k).
 *
 * @example
 * ```ts
 * foldsFromAssignment(Int32Array.of(0, 1, 0, 1), 2); // [{ train: [1, 3], test: [0, 2] }, ...]
 * ```
 */
export function foldsFromAssignment(testFold: ArrayLike<number>, k: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [], test: number[] = [];
    for (let i = 0; i < testFold.length; i++) (testFold[i] === f ? test : train).push(i);
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return folds;
}
