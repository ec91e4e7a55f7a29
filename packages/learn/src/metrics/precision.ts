import { precisionRecallFscore, type PrfOptions } from './precision-recall-fscore.js';

/**
 * Precision tp / (tp + fp) (scikit-learn `precision_score`: same `average`, `posLabel`, `labels`,
 * `zeroDivision`).
 *
 * @example
 * ```ts
 * precision([0, 1, 1, 0], [1, 1, 1, 0]);                       // 2/3 (binary, class 1)
 * precision([0, 1, 2, 2], [0, 2, 2, 1], { average: 'macro' }); // mean over classes
 * ```
 */
export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: PrfOptions): number {
  return precisionRecallFscore(yTrue, yPred, options).precision;
}
