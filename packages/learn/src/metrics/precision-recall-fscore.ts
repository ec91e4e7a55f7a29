import { LearnError } from '../learn-error.js';
import { pairedInput, uniqueLabels } from './metric-input.js';
import { pairwiseSum } from './pairwise-sum.js';

/**
 * Averages for precision, recall and F-scores (scikit-learn's `average`): `binary` reports `posLabel` only;
 * `micro` pools counts; `macro` is the unweighted class mean; `weighted` weights by support.
 *
 * @example
 * ```ts
 * import { AVERAGES } from '@kenobi/learn';
 * AVERAGES; // ['binary', 'micro', 'macro', 'weighted']
 * ```
 */
export const AVERAGES = Object.freeze(['binary', 'micro', 'macro', 'weighted'] as const);
/** One of {@link AVERAGES}. */
export type Average = (typeof AVERAGES)[number];

/** Options of the precision/recall/F metrics (scikit-learn names). */
export interface PrfOptions {
  /** Default 'binary'. */
  readonly average?: Average;
  /** The positive class for 'binary'. Default 1. */
  readonly posLabel?: number;
  /** Classes to report (default: sorted labels present in either array). */
  readonly labels?: readonly number[];
  /** Value for 0/0 (scikit-learn's 'warn' behaves as 0, without the warning). Default 0. */
  readonly zeroDivision?: 0 | 1;
  /** F-beta's beta. Default 1. */
  readonly beta?: number;
}

/**
 * Per-class precision, recall, F-beta and support (scikit-learn `precision_recall_fscore_support` with
 * `average=None`), for `labels`.
 *
 * @example
 * ```ts
 * const r = precisionRecallFscoreSupport([0, 1, 2, 2], [0, 2, 2, 2]);
 * r.labels; r.precision; r.recall; r.fscore; r.support;
 * ```
 */
export function precisionRecallFscoreSupport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: Omit<PrfOptions, 'average' | 'posLabel'> = {},
): { labels: number[]; precision: Float64Array; recall: Float64Array; fscore: Float64Array; support: Float64Array; tp: Float64Array; predicted: Float64Array } {
  const [t, p] = pairedInput(yTrue, yPred, 'precisionRecallFscoreSupport');
  const labels = options.labels ? [...options.labels] : uniqueLabels(t, p);
  const zd = options.zeroDivision ?? 0;
  const beta2 = (options.beta ?? 1) ** 2;
  const k = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const tp = new Float64Array(k), predicted = new Float64Array(k), support = new Float64Array(k);
  for (let i = 0; i < t.length; i++) {
    const a = index.get(t[i]!), b = index.get(p[i]!);
    if (a !== undefined) support[a]++;
    if (b !== undefined) predicted[b]++;
    if (a !== undefined && a === b) tp[a]++;
  }
  const divide = (num: Float64Array, den: Float64Array): Float64Array => num.map((v, i) => (den[i] === 0 ? zd : v / den[i]!));
  return { labels, ...prfFromCounts(tp, predicted, support, divide, beta2), support, tp, predicted };
}

function prfFromCounts(
  tp: Float64Array,
  predicted: Float64Array,
  support: Float64Array,
  divide: (n: Float64Array, d: Float64Array) => Float64Array,
  beta2: number,
): { precision: Float64Array; recall: Float64Array; fscore: Float64Array } {
  const precision = divide(tp, predicted);
  const recall = divide(tp, support);
  const fscore = precision.map((pr, i) => {
    let denom = beta2 * pr + recall[i]!;
    if (denom === 0) denom = 1;
    return ((1 + beta2) * pr * recall[i]!) / denom;
  });
  return { precision, recall, fscore };
}

/**
 * Averaged precision, recall and F-beta exactly as scikit-learn 1.2 computes them (including the
 * zero_division rules and the all-empty 'weighted' case).
 *
 * @example
 * ```ts
 * precisionRecallFscore([0, 1, 1, 0], [0, 1, 0, 1]); // { precision: 0.5, recall: 0.5, fscore: 0.5 }
 * ```
 */
export function precisionRecallFscore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: PrfOptions = {}): { precision: number; recall: number; fscore: number } {
  const average = options.average ?? 'binary';
  if (!AVERAGES.includes(average)) throw new LearnError('learn/bad-argument', `average must be one of ${AVERAGES.join(', ')}, got ${average}`);
  let labels = options.labels;
  if (average === 'binary') {
    const present = uniqueLabels(yTrue, yPred);
    const pos = options.posLabel ?? 1;
    if (present.length > 2) {
      throw new LearnError('learn/bad-argument', `average 'binary' needs binary targets, found ${present.length} classes`, { hint: "use average 'macro' or 'weighted'" });
    }
    if (!present.includes(pos) && present.length >= 2) throw new LearnError('learn/bad-argument', `posLabel ${pos} is not one of the labels ${present.join(', ')}`);
    labels = [pos];
  }
  const r = precisionRecallFscoreSupport(yTrue, yPred, { ...options, ...(labels ? { labels } : {}) });
  const zd = options.zeroDivision ?? 0;
  if (average === 'micro') {
    const sum = (a: Float64Array): Float64Array => Float64Array.of(pairwiseSum(a));
    const divide = (n: Float64Array, d: Float64Array): Float64Array => n.map((v, i) => (d[i] === 0 ? zd : v / d[i]!));
    const m = prfFromCounts(sum(r.tp), sum(r.predicted), sum(r.support), divide, (options.beta ?? 1) ** 2);
    return { precision: m.precision[0]!, recall: m.recall[0]!, fscore: m.fscore[0]! };
  }
  if (average === 'weighted') {
    const total = pairwiseSum(r.support);
    if (total === 0) {
      const predictedTotal = pairwiseSum(r.predicted);
      return predictedTotal === 0 ? { precision: zd, recall: zd, fscore: zd } : { precision: 0, recall: zd, fscore: 0 };
    }
    const avg = (a: Float64Array): number => pairwiseSum(a.map((v, i) => v * r.support[i]!)) / total;
    return { precision: avg(r.precision), recall: avg(r.recall), fscore: avg(r.fscore) };
  }
  const mean = (a: Float64Array): number => pairwiseSum(a) / a.length;
  return { precision: mean(r.precision), recall: mean(r.recall), fscore: mean(r.fscore) };
}
