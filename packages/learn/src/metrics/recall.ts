import { precisionRecallFscore, type PrfOptions } from './precision-recall-fscore.js';

/**
 * Recall tp / (tp + fn) (scikit-learn `recall_score`).
 *
 * @example
 * ```ts
 * recall([0, 1, 1, 0], [0, 1, 0, 0]);                          // 0.5
 * recall([0, 1, 2, 2], [0, 2, 2, 1], { average: 'weighted' }); // support-weighted
 * ```
 */
export function recall(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: PrfOptions): number {
  return precisionRecallFscore(yTrue, yPred, options).recall;
}
