/**
 * Node-only. The demo's plots: the out-of-fold ROC curve (AUC, TPR0 and TPR10 marked), the confusion matrix
 * and the loss curves of every fold, each written as SVG and PNG.
 */
import { join } from 'node:path';
import { classificationReport, confusionPlotSpec, matrix, plotFrame, rocPlotSpec, type BinaryMetrics, type VegaLiteSpec } from '@kenobi/learn';
import { writePlot } from '../plots/render-plot.js';
import type { DemoLossCurve } from './demo-metrics.js';

/** What {@link writeDemoPlots} plots. */
export interface DemoPlotInput {
  /** Binary labels, 1 = positive (the second class). */
  readonly y: Int32Array;
  /** Out-of-fold probability of the positive class, per row. */
  readonly scores: ArrayLike<number>;
  /** [negative, positive] class names. */
  readonly classes: readonly [string, string];
  readonly losses: readonly DemoLossCurve[];
  /** Decision threshold for the confusion matrix (default 0.5). */
  readonly threshold?: number;
}

/**
 * Writes `roc`, `confusion` and `loss` (.svg and .png) into `dir`; returns the paths written and the binary
 * metrics behind the ROC plot.
 *
 * @example
 * ```ts
 * const { files, binary } = await writeDemoPlots('demo-output', { y, scores, classes: ['non-lens', 'lens'], losses });
 * files; // ['demo-output/roc.svg', 'demo-output/roc.png', 'demo-output/confusion.svg', ...]
 * ```
 */
export async function writeDemoPlots(dir: string, input: DemoPlotInput): Promise<{ files: string[]; binary: BinaryMetrics; confusion: number[][] }> {
  const threshold = input.threshold ?? 0.5;
  const n = input.y.length;
  const scores = matrix(n, 1, Float32Array.from(input.scores));
  const predicted = Int32Array.from(input.scores, (s) => (s >= threshold ? 1 : 0));
  const report = classificationReport(input.y, scores, predicted, input.classes);
  if (!report.binary) throw new Error('the demo plots need both classes among the labels');
  const confusion = report.confusionMatrix.map((row) => [...row]);
  const files = [
    ...(await writePlot(rocPlotSpec(report.binary, `Out-of-fold ROC (${input.classes[1]})`), join(dir, 'roc'))),
    ...(await writePlot(confusionPlotSpec(confusion, input.classes, `Out-of-fold confusion matrix (p ≥ ${threshold})`), join(dir, 'confusion'))),
    ...(await writePlot(lossPlotSpec(input.losses), join(dir, 'loss'))),
  ];
  return { files, binary: report.binary, confusion };
}

/**
 * Binary cross-entropy per epoch: one colour per fold, training solid, held-out fold dashed.
 *
 * @example
 * ```ts
 * lossPlotSpec([{ fold: 'fold 1', loss: [0.7, 0.4], valLoss: [0.6, 0.5] }]);
 * ```
 */
export function lossPlotSpec(losses: readonly DemoLossCurve[], title = 'Head training loss per fold'): VegaLiteSpec {
  const rows: { epoch: number; loss: number; fold: string; data: string }[] = [];
  for (const c of losses) {
    c.loss.forEach((v, e) => Number.isFinite(v) && rows.push({ epoch: e + 1, loss: v, fold: c.fold, data: 'training' }));
    c.valLoss?.forEach((v, e) => Number.isFinite(v) && rows.push({ epoch: e + 1, loss: v, fold: c.fold, data: 'held-out fold' }));
  }
  return {
    ...plotFrame([title, 'binary cross-entropy; solid: training rows, dashed: the fold held out'], { width: 480 }),
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.8 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { zero: false } },
      color: { field: 'fold', type: 'nominal', title: null, sort: losses.map((c) => c.fold) },
      strokeDash: { field: 'data', type: 'nominal', title: null, sort: ['training', 'held-out fold'], scale: { domain: ['training', 'held-out fold'], range: [[1, 0], [5, 3]] } },
      detail: { field: 'data' },
    },
  };
}
