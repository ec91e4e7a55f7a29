/**
 * What either demo path (fine-tuned backbone, CNN from scratch) hands on to the metrics file, the plots and
 * the clustering, and the binary metrics of out-of-fold scores in the shape `metrics.json` has always had.
 * Pure.
 */
import type { ModelProto } from '@kenobi/onnx';
import { auc, confusionMatrix, foldMeanStd, rocCurve, tpr0, tpr10 } from '@kenobi/learn';

/**
 * What both demo paths (`finetuneDemo`, `trainDemoCnn`) are given by `kenobi demo`.
 *
 * @example
 * ```ts
 * const o: DemoRunOptions = { out: 'demo-output', smoke: false, seed: 0, positive: 'lens', say: console.error };
 * ```
 */
export interface DemoRunOptions {
  readonly out: string;
  readonly smoke: boolean;
  readonly seed: number;
  /** The positive class name (the second of the demo's [negative, positive]). */
  readonly positive: string;
  /** The Lupton (or per-band) stretch and band order the pixels are made with, as the training commands take them. */
  readonly stretch?: { readonly stretch?: string; readonly interval?: string };
  readonly bandOrder?: readonly string[];
  readonly say: (line: string) => void;
  /** Where training runs (cpu, wasm), as the training commands take it. */
  readonly device?: string;
}

/**
 * One training run's loss per epoch: `valLoss` on its validation rows (NaN where a run had none).
 *
 * @example
 * ```ts
 * const c: DemoLossCurve = { fold: 'fold 1/5', loss: [0.69, 0.41], valLoss: [0.52, 0.44] };
 * ```
 */
export interface DemoLossCurve {
  readonly fold: string;
  readonly loss: readonly number[];
  readonly valLoss?: readonly number[];
}

/**
 * A trained demo model and its honest evaluation.
 *
 * @example
 * ```ts
 * const t: DemoTraining = { metrics, scores, y, losses, classes: ['non-lens', 'lens'], onnx, embeddings: { x, dim: 1024, rows, tensor: 'avg_pool' } };
 * ```
 */
export interface DemoTraining {
  /** `rows`, `folds`, `outOfFold` (auc, tpr0, tpr10, confusion), `perFold`, `mean`, `std`, `roc`, ... */
  readonly metrics: Record<string, unknown>;
  /** Out-of-fold probability of the positive class, per row (each from the fold model that never saw the row). */
  readonly scores: Float64Array;
  /** 1 = positive, per row. */
  readonly y: Int32Array;
  readonly losses: readonly DemoLossCurve[];
  /** [negative, positive]. */
  readonly classes: readonly [string, string];
  /** The exported model, as written to `lens-finder.onnx`. */
  readonly onnx: ModelProto;
  /** Per-row embeddings for k-means: `x` [rows.length × dim], row r of `x` is dataset row `rows[r]`. */
  readonly embeddings: { readonly x: Float32Array; readonly dim: number; readonly rows: readonly number[]; readonly tensor: string };
}

/**
 * Out-of-fold metrics of binary scores (threshold 0.5 for the confusion matrix) with the per-fold metrics,
 * their mean and population std ({@link foldMeanStd}: a fold's metric missing or non-finite is left out of its
 * mean).
 *
 * @example
 * ```ts
 * binaryMetrics(Int32Array.of(0, 1), Float64Array.of(0.2, 0.9), [{ auc: 1 }]).outOfFold.auc; // 1
 * ```
 */
export function binaryMetrics(y: Int32Array, scores: Float64Array, perFold: readonly Readonly<Record<string, number>>[]): Record<string, unknown> & { outOfFold: { auc: number; tpr0: number; tpr10: number; confusion: number[][] } } {
  const roc = rocCurve(y, scores);
  const predicted = Int32Array.from(scores, (s) => (s >= 0.5 ? 1 : 0));
  const { mean, std } = foldMeanStd(perFold);
  return {
    rows: y.length,
    outOfFold: { auc: auc(roc.fpr, roc.tpr), tpr0: tpr0(y, scores), tpr10: tpr10(y, scores), confusion: confusionMatrix(y, predicted), confusionLabels: ['negative', 'positive'], threshold: 0.5 } as { auc: number; tpr0: number; tpr10: number; confusion: number[][] },
    perFold, mean, std,
    roc: { fpr: Array.from(roc.fpr), tpr: Array.from(roc.tpr) },
  };
}
