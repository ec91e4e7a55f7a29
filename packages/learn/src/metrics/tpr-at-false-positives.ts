import { LearnError } from '../learn-error.js';
import { binaryClfCurve } from './binary-clf-curve.js';

/**
 * The highest true-positive rate reachable with at most `maxFalsePositives` false positives, over all
 * thresholds (score ≥ threshold is positive; tied scores move together). The strong-lens challenge's
 * TPR0 is `maxFalsePositives = 0`, TPR10 is 10 (Metcalf et al. 2019).
 *
 * @example
 * ```ts
 * tprAtFalsePositives([1, 1, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.1], 0); // 2/3
 * ```
 */
export function tprAtFalsePositives(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, maxFalsePositives: number, posLabel = 1): number {
  const { fps, tps } = binaryClfCurve(yTrue, yScore, posLabel);
  const positives = tps[tps.length - 1]!;
  if (positives === 0) throw new LearnError('learn/undefined-metric', 'TPR needs at least one positive sample');
  let best = 0;
  for (let i = 0; i < fps.length; i++) if (fps[i]! <= maxFalsePositives && tps[i]! > best) best = tps[i]!;
  return best / positives;
}

/**
 * TPR0: the highest TPR with zero false positives (strong-lens challenge).
 *
 * @example
 * ```ts
 * tpr0(labels, scores); // e.g. 0.31
 * ```
 */
export function tpr0(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  return tprAtFalsePositives(yTrue, yScore, 0);
}

/**
 * TPR10: the highest TPR with at most ten false positives (strong-lens challenge).
 *
 * @example
 * ```ts
 * tpr10(labels, scores); // e.g. 0.62
 * ```
 */
export function tpr10(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  return tprAtFalsePositives(yTrue, yScore, 10);
}
