import type { Sequential } from '../model/sequential.js';

/**
 * What one epoch produced. `valLoss` and `metrics` exist when there is validation data; metric names are
 * the keys of `FitOptions.metrics`.
 *
 * @example
 * ```ts
 * history.epochs[0]; // { epoch: 0, loss: 0.52, valLoss: 0.49, lr: 0.001, seconds: 0.8, metrics: { auc: 0.91 } }
 * ```
 */
export interface EpochLogs {
  /** 0-based. */
  readonly epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  readonly loss: number;
  readonly valLoss?: number;
  readonly lr: number;
  readonly seconds: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * Shared state a callback can read and change: set `stopTraining` to end after this epoch.
 *
 * @example
 * ```ts
 * const cb: TrainingCallback = { onEpochEnd: (logs, state) => { if (logs.loss < 0.01) state.stopTraining = true; } };
 * ```
 */
export interface TrainingState {
  readonly model: Sequential;
  readonly epochs: number;
  stopTraining: boolean;
  readonly history: readonly EpochLogs[];
}

/**
 * Hooks called by `fit` (all optional, may be async).
 *
 * @example
 * ```ts
 * await fit(model, x, y, { ..., callbacks: [earlyStopping({ patience: 5 }), progressLogger()] });
 * ```
 */
export interface TrainingCallback {
  onTrainBegin?(state: TrainingState): void | Promise<void>;
  onEpochBegin?(epoch: number, state: TrainingState): void | Promise<void>;
  onEpochEnd?(logs: EpochLogs, state: TrainingState): void | Promise<void>;
  onTrainEnd?(state: TrainingState): void | Promise<void>;
}
