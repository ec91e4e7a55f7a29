/**
 * What a `kenobi train --arch` run is, as plain data (it goes to the training worker thread whole), and the
 * messages between that worker and the main thread.
 */
import type { AugmentSpec, Dataset, DecodeLimits, ImagePreprocessing } from '@kenobi/features';
import type { EpochLogs, ImageModelSpec, ImageTrainerOptions, OptimizerSpec } from '@kenobi/learn';

/**
 * What the final model is when cross-validating: a fresh model trained on every row (`all-rows`) or the
 * fold model with the best held-out AUC (accuracy for more than two classes), `best-fold`.
 *
 * @example
 * ```ts
 * FINAL_MODELS; // ['all-rows', 'best-fold']
 * ```
 */
export const FINAL_MODELS = Object.freeze(['all-rows', 'best-fold'] as const);
/** One of {@link FINAL_MODELS}. @example `const f: FinalModel = 'all-rows';` */
export type FinalModel = (typeof FINAL_MODELS)[number];

/**
 * A training run of an image classifier.
 *
 * @example
 * ```ts
 * const config: ImageRunConfig = { dataset, labels, classes: ['lens', 'non-lens'], positive: 0, model: model.spec(), trainer, ... };
 * ```
 */
export interface ImageRunConfig {
  /** Labelled items only, in catalog order. */
  readonly dataset: Dataset;
  /** Class index of each item. */
  readonly labels: Int32Array;
  readonly classes: readonly string[];
  /** The positive class of the binary metrics (AUC, TPR0, TPR10). */
  readonly positive: number;
  /** The initial model (every fold and the final model start from it). */
  readonly model: ImageModelSpec;
  readonly trainer: ImageTrainerOptions & { readonly seed: number; readonly optimizer: OptimizerSpec; readonly batchSize: number };
  readonly preprocessing: ImagePreprocessing;
  readonly augment: AugmentSpec;
  readonly epochs: number;
  /** Linear learning-rate warm-up over this many epochs, per step from lr/steps to lr (0: none). */
  readonly warmup: number;
  /** Early stopping on the validation loss (restoring the best epoch's weights); needs `valFraction > 0`. */
  readonly patience?: number;
  /** Stratified, seeded share of each stage's training rows held out for validation (0: none). */
  readonly valFraction: number;
  /** Stratified k-fold first (scikit-learn's `StratifiedKFold(shuffle=False)` folds, as `kenobi train --features`). */
  readonly kfold?: number;
  readonly final: FinalModel;
  /** Cache the decoded inputs when the whole set fits in this many bytes. */
  readonly cacheBytes: number;
  /** Decode worker threads (0: in the training thread). */
  readonly workers: number;
  readonly limits: DecodeLimits;
  /** The run checkpoint file (written atomically at every epoch end and on stop). */
  readonly checkpoint: string;
  /** Continue from `checkpoint`. */
  readonly resume: boolean;
  /** Identifies the settings that decide the result: a resume must match it. */
  readonly fingerprint: string;
  /** Those settings as JSON (data fingerprint, classes, model, trainer, preprocessing, augmentation, epochs, folds). */
  readonly settings: unknown;
}

/**
 * The outcome of one stage (a fold, or the final model).
 *
 * @example
 * ```ts
 * const s: StageOutcome = { stage: 'fold 1/5', epochs: 12, stoppedEarly: false, seconds: 310, history: [...] };
 * ```
 */
export interface StageOutcome {
  readonly stage: string;
  readonly epochs: number;
  readonly stoppedEarly: boolean;
  readonly seconds: number;
  /** Per epoch: training loss (and `trainAccuracy`), validation loss (`valLoss`) and validation `metrics` (accuracy, auc, tpr0, tpr10). */
  readonly history: readonly (EpochLogs & { readonly trainAccuracy?: number })[];
}

/**
 * A cross-validated run's results: metrics per fold and their mean ± population std, the out-of-fold
 * probabilities of every row with its fold, and the metrics over all out-of-fold scores.
 *
 * @example
 * ```ts
 * report.crossValidation.mean.auc; report.crossValidation.outOfFold.tpr0;
 * ```
 */
export interface CrossValidationReport {
  readonly folds: number;
  readonly perFold: readonly Readonly<Record<string, number>>[];
  readonly mean: Readonly<Record<string, number>>;
  readonly std: Readonly<Record<string, number>>;
  readonly outOfFold: Readonly<Record<string, number>>;
  /** Per row (dataset order): its test fold and the model's outputs on it ([rows × outputs]). */
  readonly fold: readonly number[];
  readonly scores: readonly number[];
  readonly outputs: number;
}

/**
 * What a finished run reports (the model's bytes travel next to it).
 *
 * @example
 * ```ts
 * report.final.stage; // 'final (all rows)'
 * ```
 */
export interface ImageRunReport {
  readonly crossValidation?: CrossValidationReport;
  readonly stages: readonly StageOutcome[];
  readonly final: StageOutcome & { readonly from: FinalModel };
  readonly seconds: number;
  readonly cache: string;
}

/**
 * An error as data (a KenobiError's code, hint and details survive the thread boundary).
 *
 * @example
 * ```ts
 * const e: ErrorData = { name: 'LearnError', code: 'learn/non-finite-input', message: 'fold 2/5: the loss is NaN at epoch 3, batch 7 ...' };
 * ```
 */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly hint?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * What the training worker tells the main thread.
 *
 * @example
 * ```ts
 * worker.on('message', (e: WorkerEvent) => { if (e.type === 'batch') bar({ phase: e.phase, done: e.done, total: e.total, unit: 'images' }); });
 * ```
 */
export type WorkerEvent =
  | { readonly type: 'line'; readonly line: string }
  | { readonly type: 'batch'; readonly phase: string; readonly done: number; readonly total: number; readonly detail: string }
  | { readonly type: 'done'; readonly model: Uint8Array; readonly report: ImageRunReport }
  | { readonly type: 'stopped'; readonly checkpoint: string; readonly position: string }
  | { readonly type: 'failed'; readonly error: ErrorData };

/** What the main thread tells the worker: stop after the current step (Ctrl-C). @example `{ type: 'stop' }` */
export type DriverCommand = { readonly type: 'stop' };
