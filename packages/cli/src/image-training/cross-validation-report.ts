/**
 * The cross-validation summary of an image classifier: metrics of each fold on its held-out rows, their mean
 * ± population std (ddof 0, as `kenobi train --features`), and the same metrics over all out-of-fold
 * outputs at once. Pure.
 */
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
  const names = [...new Set(perFold.flatMap((m) => Object.keys(m)))];
  const mean: Record<string, number> = {}, std: Record<string, number> = {};
  for (const name of names) {
    const v = perFold.map((m) => m[name]).filter((x): x is number => x !== undefined);
    const mu = v.reduce((s, x) => s + x, 0) / v.length;
    mean[name] = mu;
    std[name] = Math.sqrt(v.reduce((s, x) => s + (x - mu) ** 2, 0) / v.length);
  }
  const rows = fold.flatMap((f, r) => (f >= 0 ? [r] : []));
  const oofScores = rows.flatMap((r) => scores.slice(r * outputs, (r + 1) * outputs));
  const outOfFold = rows.length > 0 ? classMetrics(oofScores, outputs, Int32Array.from(rows, (r) => labels[r]!), positive) : {};
  return { folds: folds.length, perFold, mean, std, outOfFold, fold, scores, outputs };
}
