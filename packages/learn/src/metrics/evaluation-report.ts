import type { Matrix } from '../backend/matrix.js';
import { probabilities } from '../heads/predict-proba.js';
import { LearnError } from '../learn-error.js';
import { accuracy } from './accuracy.js';
import { averagePrecision } from './average-precision.js';
import { confusionMatrix } from './confusion-matrix.js';
import { mae } from './mean-absolute-error-score.js';
import { mse } from './mean-squared-error-score.js';
import { outlierFraction } from './outlier-fraction.js';
import { photozBias } from './photoz-bias.js';
import { precisionRecallFscore } from './precision-recall-fscore.js';
import { r2Score } from './r2-score.js';
import { rocAuc, rocAucOvr } from './roc-auc.js';
import { rocCurve } from './roc-curve.js';
import { sigmaNmad } from './sigma-nmad.js';
import { tpr0, tpr10 } from './tpr-at-false-positives.js';

/** Binary-only numbers of a {@link ClassificationReport}. */
export interface BinaryMetrics {
  readonly rocAuc: number;
  readonly averagePrecision: number;
  readonly tpr0: number;
  readonly tpr10: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** scikit-learn `roc_curve` points (drop_intermediate). */
  readonly roc: { readonly fpr: readonly number[]; readonly tpr: readonly number[]; readonly thresholds: readonly number[] };
  readonly positives: number;
  readonly negatives: number;
}

/** Classification metrics as `kenobi evaluate` writes them to metrics.json. */
export interface ClassificationReport {
  readonly task: 'classification';
  readonly rows: number;
  readonly classes: readonly string[];
  readonly accuracy: number;
  /** Accuracy of always predicting the most frequent true class. */
  readonly majorityBaseline: number;
  readonly macro: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly weighted: { readonly precision: number; readonly recall: number; readonly f1: number };
  /** Rows true, columns predicted (scikit-learn). */
  readonly confusionMatrix: readonly (readonly number[])[];
  /** One-vs-rest macro AUC (K > 2) or the binary AUC. */
  readonly rocAuc: number | null;
  readonly binary?: BinaryMetrics;
}

/** Regression metrics per target column (photo-z metrics treat the column as redshift). */
export interface RegressionReport {
  readonly task: 'regression';
  readonly rows: number;
  readonly targets: readonly {
    readonly name: string; readonly mse: number; readonly mae: number; readonly r2: number;
    readonly photozBias: number; readonly sigmaNmad: number; readonly outlierFraction: number;
  }[];
}

const safe = (f: () => number): number | null => {
  try {
    const v = f();
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
};

/**
 * All classification metrics for true labels, ranking scores (n × 1 for two classes: a logit or
 * probability of class 1; n × K logits or probabilities otherwise) and predicted classes. Metrics undefined on the data (AUC with
 * one class present) are null.
 *
 * @example
 * ```ts
 * const logits = head.predict(x);
 * const r = classificationReport(y, logits, classesFromOutputs(logits), ['elliptical', 'spiral']);
 * r.binary?.rocAuc; r.confusionMatrix;
 * ```
 */
export function classificationReport(yTrue: Int32Array, scores: Matrix, predicted: Int32Array, classes: readonly string[]): ClassificationReport {
  const k = classes.length;
  if (scores.rows !== yTrue.length || predicted.length !== yTrue.length) throw new LearnError('learn/shape-mismatch', `${yTrue.length} labels, ${scores.rows} score rows, ${predicted.length} predictions`);
  const labels = Array.from({ length: k }, (_, i) => i);
  const counts = labels.map((c) => yTrue.filter((v) => v === c).length);
  const macro = precisionRecallFscore(yTrue, predicted, { average: 'macro', labels });
  const weighted = precisionRecallFscore(yTrue, predicted, { average: 'weighted', labels });
  const base = {
    task: 'classification' as const,
    rows: yTrue.length,
    classes,
    accuracy: accuracy(yTrue, predicted),
    majorityBaseline: Math.max(...counts) / yTrue.length,
    macro: { precision: macro.precision, recall: macro.recall, f1: macro.fscore },
    weighted: { precision: weighted.precision, recall: weighted.recall, f1: weighted.fscore },
    confusionMatrix: confusionMatrix(yTrue, predicted, { labels }),
  };
  if (k !== 2) return { ...base, rocAuc: safe(() => rocAucOvr(yTrue, asProbabilities(scores))) };
  const s = Float64Array.from({ length: scores.rows }, (_, i) => scores.data[i * scores.cols + scores.cols - 1]!);
  let roc: ReturnType<typeof rocCurve> | undefined;
  try {
    roc = rocCurve(yTrue, s);
  } catch {
    roc = undefined; // one class present: no curve
  }
  const binary = precisionRecallFscore(yTrue, predicted, { average: 'binary' });
  const auc = safe(() => rocAuc(yTrue, s));
  return {
    ...base,
    rocAuc: auc,
    binary: {
      rocAuc: auc ?? NaN,
      averagePrecision: safe(() => averagePrecision(yTrue, s)) ?? NaN,
      tpr0: safe(() => tpr0(yTrue, s)) ?? NaN,
      tpr10: safe(() => tpr10(yTrue, s)) ?? NaN,
      precision: binary.precision,
      recall: binary.recall,
      f1: binary.fscore,
      roc: roc ? { fpr: Array.from(roc.fpr), tpr: Array.from(roc.tpr), thresholds: Array.from(roc.thresholds) } : { fpr: [], tpr: [], thresholds: [] },
      positives: counts[1]!,
      negatives: counts[0]!,
    },
  };
}

/** Rows already probabilities (in [0, 1], summing to 1) stay; logits go through a softmax. */
function asProbabilities(scores: Matrix): Matrix {
  for (let r = 0; r < scores.rows; r++) {
    let sum = 0;
    for (let j = 0; j < scores.cols; j++) {
      const v = scores.data[r * scores.cols + j]!;
      if (!(v >= 0 && v <= 1)) return probabilities(scores);
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-4) return probabilities(scores);
  }
  return scores;
}

/**
 * Regression metrics per target column: MSE, MAE, R², and the photo-z bias (`photozBias`'s default statistic), σ_NMAD and
 * outlier fraction (|Δz|/(1+z) > 0.15).
 *
 * @example
 * ```ts
 * regressionReport(zTrue, head.predict(x), ['z']).targets[0].sigmaNmad;
 * ```
 */
export function regressionReport(yTrue: Matrix, predicted: Matrix, names: readonly string[]): RegressionReport {
  if (yTrue.rows !== predicted.rows || yTrue.cols !== predicted.cols) throw new LearnError('learn/shape-mismatch', `targets are ${yTrue.rows} × ${yTrue.cols}, predictions ${predicted.rows} × ${predicted.cols}`);
  const col = (m: Matrix, j: number): Float64Array => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!);
  return {
    task: 'regression',
    rows: yTrue.rows,
    targets: Array.from({ length: yTrue.cols }, (_, j) => {
      const t = col(yTrue, j), p = col(predicted, j);
      return {
        name: names[j] ?? `target_${j}`,
        mse: mse(t, p), mae: mae(t, p), r2: safe(() => r2Score(t, p)) ?? NaN,
        photozBias: safe(() => photozBias(t, p)) ?? NaN, sigmaNmad: safe(() => sigmaNmad(t, p)) ?? NaN, outlierFraction: safe(() => outlierFraction(t, p)) ?? NaN,
      };
    }),
  };
}
