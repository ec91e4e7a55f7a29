import { pairedInput } from './metric-input.js';

/**
 * Fraction of predictions equal to the truth (scikit-learn `accuracy_score`, `normalize=True`).
 *
 * @example
 * ```ts
 * accuracy([0, 1, 1, 0], [0, 1, 0, 0]); // 0.75
 * ```
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const [t, p] = pairedInput(yTrue, yPred, 'accuracy');
  let hits = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hits++;
  return hits / t.length;
}
