/**
 * The cross-validation summary of an image classifier: metrics of each fold on its held-out rows, their mean
 * ± population std (ddof 0, as `kenobi train --features`), and the same metrics over all out-of-fold
 * outputs at once. Pure.
 */
import { foldMeanStd } from '@kenobi/learn';
import { classMetrics } from './class-scores.js';
import type { CrossValidationReport } from './image-run-config.js';
import type { FoldResult } from './run-checkpoint.js';

/**
 * Summarises finished folds (`scores`: the model's outputs on the fold's `test` rows, `outputs` per row).
 *
 * @example
 * ```ts
 * const cv = crossValidationReport(folds, labels, 0, 1);
 * cv.mean.auc; cv.std.auc; cv.outOfFold.tpr0;
 * ```
 */
export function crossValidationReport(folds: readonly FoldResult[], labels: Int32Array, positive: number, outputs: number): CrossValidationReport {
  const n = labels.length;
  const fold = new Array<number>(n).fill(-1);
  const scores = new Array<number>(n * outputs).fill(Number.NaN);
  const perFold = folds.map((f, i) => {
    f.test.forEach((row, j) => {
      fold[row] = i;
      for (let c = 0; c < outputs; c++) scores[row * outputs + c] = f.scores[j * outputs + c]!;
    });
    return classMetrics(f.scores, outputs, Int32Array.from(f.test, (r) => labels[r]!), positive);
  });
  // NOTE: a fold with a NaN metric (a diverged model) makes that metric's mean NaN, as this report always had.
  const { mean, std } = foldMeanStd(perFold, { keepNonFinite: true });
  const rows = fold.flatMap((f, r) => (f >= 0 ? [r] : []));
  const oofScores = rows.flatMap((r) => scores.slice(r * outputs, (r + 1) * outputs));
  const outOfFold = rows.length > 0 ? classMetrics(oofScores, outputs, Int32Array.from(rows, (r) => labels[r]!), positive) : {};
  return { folds: folds.length, perFold, mean, std, outOfFold, fold, scores, outputs };
}
