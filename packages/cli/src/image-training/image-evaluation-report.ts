/**
 * Node-only. What `kenobi evaluate` writes for a model that runs on images (an image model from
 * `kenobi train --arch`, a fine-tuned model from `kenobi finetune`): metrics.json (scikit-learn's
 * classification report, plus the positive class's AUC, TPR0 and TPR10 for two classes), predictions.csv,
 * ROC / confusion / training-curve plots, and the one-line summary.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classificationReport, confusionPlotSpec, historyPlotSpec, matrix, rocPlotSpec, type EpochLogs } from '@kenobi/learn';
import type { CommandIo } from '../command.js';
import { writePlot } from '../plots/render-plot.js';
import { classMetrics, classProbability } from './class-scores.js';
import { imagePredictionsCsv, type ScoredItem } from './score-csv.js';

/** What {@link writeImageEvaluation} reports on. @example `const e: ImageEvaluation = { items, y, classes: ['lens', 'non-lens'], outputs, k: 1, positive: 0, model: {}, source: 'test.csv' };` */
export interface ImageEvaluation {
  /** The evaluated rows (id, label), in the order of `y` and `outputs`. */
  readonly items: readonly ScoredItem[];
  /** Each row's true class index into `classes`. */
  readonly y: Int32Array;
  readonly classes: readonly string[];
  /** The model's outputs, `k` per row (k = 1: a sigmoid giving class 1's probability). */
  readonly outputs: ArrayLike<number>;
  readonly k: number;
  /** Index of the positive class (two classes). */
  readonly positive: number;
  /** Per-epoch training logs from the model file, plotted as curves when present. */
  readonly history?: readonly EpochLogs[];
  /** What metrics.json says about the model (path, arch or backbone, ...), first. */
  readonly model: Record<string, unknown>;
  /** The data's source (catalog path). */
  readonly source: string;
  /** Images that could not be read: listed in metrics.json. */
  readonly failures?: readonly { readonly id: string; readonly code?: string }[];
}

/**
 * Writes metrics.json, predictions.csv and (unless `--no-plots`) the plots into `--out`, prints the summary
 * (or, with `--json`, the metrics and the files written), and returns the exit code 0.
 *
 * @example
 * ```ts
 * await writeImageEvaluation({ items, y, classes, outputs: p, k: 2, positive: 1, model: { model: 'gz1.kenobi' }, source: 'test.csv' }, { out: 'eval' }, io);
 * ```
 */
export async function writeImageEvaluation(e: ImageEvaluation, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const { classes, y, k } = e;
  const rows = e.items.length, width = Math.max(2, k);
  const scores = matrix(rows, width, Float32Array.from({ length: rows * width }, (_, i) => classProbability(e.outputs, k, Math.floor(i / width), i % width)));
  const predicted = Int32Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let c = 1; c < width; c++) if (scores.data[r * width + c]! > scores.data[r * width + best]!) best = c;
    return best;
  });
  const report = classificationReport(y, scores, predicted, classes);
  const pm = width === 2 ? classMetrics(e.outputs, k, y, e.positive) : undefined;
  const positive = pm ? { ...pm, class: classes[e.positive]! } : undefined;
  const out = resolve(values['out'] as string);
  mkdirSync(out, { recursive: true });
  const files = [join(out, 'metrics.json'), join(out, 'predictions.csv')];
  if (!values['no-plots']) {
    if (report.binary && report.binary.roc.fpr.length > 0) files.push(...(await writePlot(rocPlotSpec(report.binary, 'ROC'), join(out, 'roc'))));
    files.push(...(await writePlot(confusionPlotSpec(report.confusionMatrix, report.classes), join(out, 'confusion'))));
    if (e.history && e.history.length > 0) files.push(...(await writePlot(historyPlotSpec([...e.history]), join(out, 'curves'))));
  }
  writeFileSync(join(out, 'predictions.csv'), imagePredictionsCsv(e.items, classes, scores.data));
  const metrics = { ...e.model, data: e.source, ...report, ...(positive ? { positive } : {}), ...(e.failures ? { failures: e.failures } : {}), warnings: [] };
  writeFileSync(join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  if (values['json']) io.stdout.write(`${JSON.stringify({ ...metrics, files }, null, 2)}\n`);
  else {
    const auc = pm?.['auc'];
    io.stdout.write(`${rows} images: accuracy ${report.accuracy.toFixed(4)} (majority ${report.majorityBaseline.toFixed(4)})${auc !== undefined ? `, AUC ${auc.toFixed(4)}, TPR0 ${pm!['tpr0']!.toFixed(3)}, TPR10 ${pm!['tpr10']!.toFixed(3)} ('${classes[e.positive]}' positive)` : ''}\n`);
    io.stdout.write(`wrote ${files.join(', ')}\n`);
  }
  return 0;
}
