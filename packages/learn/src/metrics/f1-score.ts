import { precisionRecallFscore, type PrfOptions } from './precision-recall-fscore.js';

/**
 * F1 (or F-beta with `beta`), the harmonic mean of precision and recall per class, then averaged
 * (scikit-learn `f1_score` / `fbeta_score`).
 *
 * @example
 * ```ts
 * f1Score([0, 1, 1, 0], [0, 1, 0, 1]);                       // 0.5
 * f1Score([0, 1, 2, 2], [0, 2, 2, 1], { average: 'macro' });
 * ```
 */
export function f1Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: PrfOptions): number {
  return precisionRecallFscore(yTrue, yPred, options).fscore;
}
