/**
 * k-fold cross-validation of a head spec (stratified for classification, as scikit-learn's
 * `StratifiedKFold(shuffle=False)`; plain `KFold` for regression): a fresh head per fold.
 */
import {
  classificationReport, crossValidate, gatherRows, gatherTargets, kFold, matrix, regressionReport, stratifiedKFold, tpr0, tpr10,
  type CrossValidationResult, type HeadSpec, type Matrix,
} from '@kenobi/learn';
import type { HeadData } from './head-data.js';
import { predictedClasses, predictOutputs, trainOnData } from './train-on-data.js';

/**
 * Per-fold metrics (classification: accuracy, AUC, macro F1, and TPR0/TPR10 for two classes, with class
 * `positive` as the positive class when given, else the second; regression: MSE, R², σ_NMAD of the first
 * target) and their mean ± std.
 *
 * @example
 * ```ts
 * const cv = await crossValidateHead(data, spec, 5, console.error);
 * cv.mean.rocAuc; cv.std.rocAuc;
 * (await crossValidateHead(data, spec, 5, console.error, undefined, 2)).perFold; // fold 3 of 5 only
 * ```
 */
export async function crossValidateHead(data: HeadData, spec: HeadSpec, k: number, log: (line: string) => void = () => {}, positive?: number, only?: number): Promise<CrossValidationResult> {
  const all = data.y instanceof Int32Array ? stratifiedKFold(data.y, k) : kFold(data.x.rows, k);
  // NOTE: `only` runs one fold of the same split (kenobi slurm train: one array task per fold); each fold's
  // head depends only on the spec and its rows, so the folds run apart give the metrics they give together.
  const folds = only === undefined ? all : [all[only]!];
  return crossValidate(folds, async (fold, j) => {
    const i = only ?? j;
    const trained = await trainOnData({ x: gatherRows(data.x, fold.train), y: gatherTargets(data.y, fold.train) }, spec);
    const xTest = gatherRows(data.x, fold.test);
    const out = await predictOutputs(trained.model, xTest);
    const yTest = gatherTargets(data.y, fold.test);
    let metrics: Record<string, number | undefined>;
    if (yTest instanceof Int32Array) {
      const r = classificationReport(yTest, out, predictedClasses(out), data.names);
      metrics = { accuracy: r.accuracy, rocAuc: r.rocAuc ?? undefined, macroF1: r.macro.f1, ...(r.binary ? { tpr0: r.binary.tpr0, tpr10: r.binary.tpr10 } : {}) };
      if (r.binary && positive !== undefined && positive !== 1) {
        // NOTE: the report ranks by the last column (class 1); TPRs are not symmetric, so rank by the positive class's score.
        const y = Int32Array.from(yTest, (v) => (v === positive ? 1 : 0));
        const s = Float64Array.from({ length: out.rows }, (_, i) => (out.cols === 1 ? -out.data[i]! : out.data[i * out.cols + positive]!));
        metrics = { ...metrics, tpr0: tpr0(y, s), tpr10: tpr10(y, s) };
      }
    } else {
      const t = regressionReport(yTest as Matrix, matrix(out.rows, out.cols, out.data), data.names).targets[0]!;
      metrics = { mse: t.mse, r2: t.r2, sigmaNmad: t.sigmaNmad };
    }
    log(`fold ${i + 1}/${k}: ${Object.entries(metrics).map(([n, v]) => `${n} ${v === undefined ? 'n/a' : v.toFixed(4)}`).join(', ')}`);
    return metrics;
  });
}

/**
 * One line per metric: mean ± std (population, ddof 0) over the folds.
 *
 * @example
 * ```ts
 * formatCrossValidation(cv); // 'rocAuc 0.9134 ± 0.0121 (5 folds)\n...'
 * ```
 */
export function formatCrossValidation(cv: CrossValidationResult): string {
  return Object.keys(cv.mean).map((n) => `${n} ${cv.mean[n]!.toFixed(4)} ± ${cv.std[n]!.toFixed(4)} (${cv.perFold.length - (cv.missing[n] ?? 0)} folds)`).join('\n');
}
