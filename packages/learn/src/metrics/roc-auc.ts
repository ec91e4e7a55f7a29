import type { Matrix } from '../backend/matrix.js';
import { LearnError } from '../learn-error.js';
import { auc } from './auc.js';
import { uniqueLabels } from './metric-input.js';
import { pairwiseSum } from './pairwise-sum.js';
import { rocCurve } from './roc-curve.js';

/**
 * Binary ROC AUC (scikit-learn `roc_auc_score` on binary targets): the trapezoidal area under
 * {@link rocCurve}. Throws `learn/undefined-metric` when `yTrue` holds one class only (a single-class fold).
 *
 * @example
 * ```ts
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 */
export function rocAuc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: { posLabel?: number } = {}): number {
  const present = uniqueLabels(yTrue);
  if (present.length !== 2) {
    throw new LearnError('learn/undefined-metric', `ROC AUC needs both classes in the true labels, found ${present.length === 1 ? `only ${present[0]}` : `${present.length} classes`}`, {
      hint: 'use stratified folds so every fold holds both classes',
    });
  }
  const { fpr, tpr } = rocCurve(yTrue, yScore, { posLabel: options.posLabel ?? present[1]! });
  return auc(fpr, tpr);
}

/**
 * One-vs-rest macro ROC AUC for K classes (scikit-learn `roc_auc_score(multi_class='ovr', average='macro')`):
 * the mean of each class's binary AUC. `scores` is n × K probabilities (rows must sum to 1, as scikit-learn
 * demands); labels are 0..K−1 and all must be present.
 *
 * @example
 * ```ts
 * rocAucOvr(Int32Array.of(0, 1, 2, 2), probabilities(logits)); // macro AUC
 * ```
 */
export function rocAucOvr(yTrue: ArrayLike<number>, scores: Matrix): number {
  const k = scores.cols;
  if (scores.rows !== yTrue.length) throw new LearnError('learn/shape-mismatch', `${yTrue.length} labels for ${scores.rows} score rows`);
  const present = uniqueLabels(yTrue);
  if (present.length !== k || present.some((l, i) => l !== i)) {
    throw new LearnError('learn/undefined-metric', `one-vs-rest AUC needs every class 0..${k - 1} in the true labels, found ${present.join(', ')}`);
  }
  for (let r = 0; r < scores.rows; r++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += scores.data[r * k + j]!;
    if (Math.abs(s - 1) > 1e-5) throw new LearnError('learn/bad-argument', `scores of row ${r} sum to ${s}, not 1: pass probabilities (probabilities(logits))`);
  }
  const per = new Float64Array(k);
  const col = new Float64Array(scores.rows);
  const bin = new Float64Array(scores.rows);
  for (let j = 0; j < k; j++) {
    for (let r = 0; r < scores.rows; r++) {
      col[r] = scores.data[r * k + j]!;
      bin[r] = yTrue[r] === j ? 1 : 0;
    }
    per[j] = rocAuc(bin, col);
  }
  return pairwiseSum(per) / k;
}
