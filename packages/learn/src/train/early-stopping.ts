import type { FloatArray } from '../backend/matrix.js';
import { LearnError } from '../learn-error.js';
import type { EpochLogs, TrainingCallback, TrainingState } from './training-callback.js';

/** Options of {@link earlyStopping} (Keras `EarlyStopping` names). */
export interface EarlyStoppingOptions {
  /** 'valLoss' (default; falls back to 'loss' without validation data), 'loss', or a metric name. */
  readonly monitor?: string;
  /** 'min' for losses (default), 'max' for scores such as AUC. Default: 'min' for *loss, else 'max'. */
  readonly mode?: 'min' | 'max';
  /** Epochs without improvement before stopping. Default 0 (stop at the first non-improvement, as Keras). */
  readonly patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  readonly minDelta?: number;
  /** At the end of training, put back the weights of the best epoch. Default false (Keras). */
  readonly restoreBestWeights?: boolean;
}

/** The callback returned by {@link earlyStopping}, with what it saw. */
export interface EarlyStoppingCallback extends TrainingCallback {
  /** 0-based epoch with the best monitored value (−1 before the first epoch). */
  readonly bestEpoch: number;
  readonly bestValue: number;
  /** The epoch after which training stopped, or −1. */
  readonly stoppedEpoch: number;
}

function monitored(logs: EpochLogs, monitor: string): number | undefined {
  if (monitor === 'loss') return logs.loss;
  if (monitor === 'valLoss') return logs.valLoss;
  return logs.metrics[monitor];
}

/**
 * Stops training when the monitored value has not improved for `patience` epochs. With
 * `restoreBestWeights` the model ends with the best epoch's weights (also when training ran to the end,
 * unlike Keras 2.x which restores only after an early stop).
 *
 * @example
 * ```ts
 * const stop = earlyStopping({ patience: 5, restoreBestWeights: true });
 * await fit(model, x, y, { ..., validationSplit: 0.2, callbacks: [stop] });
 * stop.bestEpoch; // e.g. 12
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStoppingCallback {
  const patience = options.patience ?? 0;
  const minDelta = Math.abs(options.minDelta ?? 0);
  if (!(Number.isInteger(patience) && patience >= 0)) throw new LearnError('learn/bad-argument', `patience must be an integer >= 0, got ${patience}`);
  let monitor = options.monitor ?? 'valLoss';
  const mode = options.mode ?? (monitor.toLowerCase().endsWith('loss') ? 'min' : 'max');
  const sign = mode === 'min' ? 1 : -1;
  let best: FloatArray[] | undefined;
  let wait = 0;
  const cb = {
    bestEpoch: -1,
    bestValue: mode === 'min' ? Infinity : -Infinity,
    stoppedEpoch: -1,
    onTrainBegin(): void {
      wait = 0;
      best = undefined;
      cb.bestEpoch = -1;
      cb.bestValue = mode === 'min' ? Infinity : -Infinity;
      cb.stoppedEpoch = -1;
    },
    onEpochEnd(logs: EpochLogs, state: TrainingState): void {
      if (monitor === 'valLoss' && logs.valLoss === undefined && options.monitor === undefined) monitor = 'loss';
      const v = monitored(logs, monitor);
      if (v === undefined) {
        throw new LearnError('learn/bad-argument', `early stopping monitors '${monitor}', which this training does not report`, {
          hint: "give validation data for 'valLoss' or a metric of that name",
        });
      }
      if (sign * (cb.bestValue - v) > minDelta || cb.bestEpoch < 0) {
        cb.bestValue = v;
        cb.bestEpoch = logs.epoch;
        wait = 0;
        if (options.restoreBestWeights) best = state.model.getWeights();
        return;
      }
      wait++;
      if (wait > patience) {
        state.stopTraining = true;
        cb.stoppedEpoch = logs.epoch;
      }
    },
    onTrainEnd(state: TrainingState): void {
      if (options.restoreBestWeights && best) state.model.setWeights(best);
    },
  };
  return cb;
}
