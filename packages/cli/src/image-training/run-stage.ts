/**
 * One stage of a `kenobi train --arch` run, in the training worker: epochs of `ImageTrainer.fit` over the
 * streamed, augmented training rows; after each, the validation metrics, early stopping and a run
 * checkpoint; at the end the best epoch's weights (with patience) and the test rows' outputs (folds).
 */
import { isKenobiError, type KenobiError } from '@kenobi/core';
import { DatasetImageSource, type DecodedInputs } from '@kenobi/features/node';
import { ImageTrainer, imageModelFromSpec, LearnError, type ImageModel } from '@kenobi/learn';
import { classMetrics } from './class-scores.js';
import type { ImageRunConfig, StageOutcome, WorkerEvent } from './image-run-config.js';
import type { EarlyState } from './run-checkpoint.js';
import type { Stage } from './stage-plan.js';
import { formatDuration } from '../progress-bar.js';

/**
 * What a stage needs from the worker.
 *
 * @example
 * ```ts
 * const ctx: StageContext = { config, inputs, signal, post, save, hasCheckpoint: () => saved };
 * ```
 */
export interface StageContext {
  readonly config: ImageRunConfig;
  readonly inputs: DecodedInputs;
  readonly signal: AbortSignal;
  readonly post: (e: WorkerEvent) => void;
  /** Writes the run checkpoint of this stage in progress. */
  readonly save: (early: EarlyState, trainer: Uint8Array, seconds: number, bestEpoch: Float32Array | undefined) => void;
  /** True when this run has a checkpoint on disk (for the message of a diverged run). */
  readonly hasCheckpoint: () => boolean;
}

/**
 * Where a stage starts: fresh (no trainer bytes) or from a run checkpoint.
 *
 * @example
 * ```ts
 * const fresh: StageStart = { early: FRESH_EARLY, seconds: 0 };
 * ```
 */
export interface StageStart {
  readonly trainer?: Uint8Array;
  readonly early: EarlyState;
  readonly seconds: number;
  readonly bestEpoch?: Float32Array;
}

/**
 * A finished stage: its trained model (best epoch's weights with patience) and, for folds, the test outputs.
 *
 * @example
 * ```ts
 * const r: StageResult = await runStage(ctx, stage, start); // r.stopped: true after Ctrl-C
 * ```
 */
export type StageResult = { readonly stopped: true } | { readonly stopped: false; readonly model: ImageModel; readonly outcome: StageOutcome; readonly scores?: Float32Array };

/** The state of a stage that has not started. @example `FRESH_EARLY.bestLoss; // null` */
export const FRESH_EARLY: EarlyState = Object.freeze({ bestLoss: null, bestEpoch: -1, wait: 0, stopped: false, val: [] });

/**
 * All params then buffers of `model` in one array (what the checkpoint keeps of the best epoch or fold).
 *
 * @example
 * ```ts
 * setFlatWeights(model, flatWeights(model)); // no change
 * ```
 */
export function flatWeights(model: ImageModel): Float32Array {
  const parts = model.getWeights();
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Restores what {@link flatWeights} gave. @example `setFlatWeights(model, best);` */
export function setFlatWeights(model: ImageModel, flat: Float32Array): void {
  let at = 0;
  model.setWeights(model.getWeights().map((p) => flat.subarray(at, (at += p.length))));
}

const f4 = (v: number | undefined): string => (v === undefined ? 'n/a' : v.toFixed(4));

/**
 * Trains one stage to its end, or until the signal aborts (then the checkpoint is written and
 * `{ stopped: true }` returned). A non-finite loss is `learn/non-finite-input` naming the stage, epoch and
 * batch; the checkpoint of the last finished epoch (if any) is left as it was.
 *
 * @example
 * ```ts
 * const r = await runStage(ctx, stages[0], { early: FRESH_EARLY, seconds: 0 });
 * ```
 */
/**
 * Seconds left in a run: the epochs left of this stage and `imagesAfter` images × `epochs` of the stages
 * after it, at this stage's seconds per image-epoch so far (0 before the first epoch ends).
 *
 * @example
 * ```ts
 * timeLeft(20, 10, 800, 30, 3200); // 20 s for 10 × 800 → 2.5 ms each: (20 × 800 + 3200 × 30) × 2.5 ms = 280 s
 * ```
 */
export function timeLeft(seconds: number, epochsDone: number, images: number, epochs: number, imagesAfter: number): number {
  if (epochsDone <= 0 || images <= 0) return 0;
  const perImageEpoch = seconds / (epochsDone * images);
  return (Math.max(0, epochs - epochsDone) * images + imagesAfter * epochs) * perImageEpoch;
}

export async function runStage(ctx: StageContext, stage: Stage, start: StageStart, imagesAfter = 0): Promise<StageResult> {
  const { config, inputs, post, signal } = ctx;
  const labelsOf = (rows: Int32Array): Int32Array => Int32Array.from(rows, (i) => config.labels[i]!);
  const trainer = start.trainer && start.trainer.length > 0
    ? await ImageTrainer.resume(start.trainer, { ...(config.trainer.device ? { device: config.trainer.device } : {}), ...(config.trainer.threads ? { threads: config.trainer.threads } : {}) })
    : await ImageTrainer.create(imageModelFromSpec(config.model), config.trainer);
  try {
    const train = { images: new DatasetImageSource(inputs, stage.train, config.augment), labels: labelsOf(stage.train) };
    const val = stage.val.length > 0 ? { images: new DatasetImageSource(inputs, stage.val), labels: labelsOf(stage.val) } : undefined;
    const k = trainer.model.outputs;
    let early = start.early, bestEpoch = start.bestEpoch;
    const began = performance.now() - start.seconds * 1000;
    const seconds = (): number => (performance.now() - began) / 1000;
    const save = (): void => ctx.save(early, trainer.checkpoint(), seconds(), bestEpoch);
    while (trainer.position.epoch < config.epochs && !early.stopped) {
      if (signal.aborted) { save(); return { stopped: true }; }
      const epoch = trainer.position.epoch, seen0 = trainer.position.seen;
      const last = early.val[early.val.length - 1];
      const lastVal = last?.['loss'] !== undefined ? ` | val loss ${f4(last['loss'])}${last['auc'] !== undefined ? ` AUC ${f4(last['auc'])}` : ''}` : '';
      const phase = `${stage.name} epoch ${epoch + 1}/${config.epochs}`;
      // NOTE: the warm-up rate is a function of the position alone (set before each step), so a resume sees the same rates.
      const batches = Math.ceil(train.images.size / config.trainer.batchSize), warmSteps = config.warmup * batches;
      const rateAt = (e: number, b: number): number => (config.trainer.optimizer.lr ?? 1e-3) * Math.min(1, (e * batches + b + 1) / Math.max(1, warmSteps));
      if (warmSteps > 0) trainer.optimizer.lr = rateAt(epoch, trainer.position.batch);
      let result;
      try {
        result = await trainer.fit(train, {
          epochs: epoch + 1, signal,
          onProgress: (e) => {
            if (e.kind !== 'batch') return;
            if (warmSteps > 0) trainer.optimizer.lr = rateAt(e.epoch, e.batch + 1);
            const done = trainer.position.seen;
            post({ type: 'batch', phase, done, total: train.images.size, detail: `loss ${f4(e.loss)}${e.accuracy !== undefined ? ` acc ${e.accuracy.toFixed(3)}` : ''}${lastVal} · ${((done - seen0) / Math.max(1e-9, e.seconds)).toFixed(1)} img/s` });
          },
        });
      } catch (e) {
        if (!isKenobiError(e, 'learn/non-finite-input')) throw e;
        const kept = ctx.hasCheckpoint() ? `the checkpoint ${config.checkpoint} keeps the last finished epoch` : 'no epoch had finished, so there is no checkpoint';
        throw new LearnError('learn/non-finite-input', `${stage.name}: ${(e as Error).message}; ${kept}`, { details: { stage: stage.name, ...(e as KenobiError).details } });
      }
      if (result.stopped === 'aborted') { save(); return { stopped: true }; }
      const logs = trainer.history[trainer.history.length - 1]!;
      let metrics: Record<string, number> = {};
      if (val) {
        metrics = classMetrics(await trainer.predict(val.images), k, val.labels, config.positive);
        if (config.patience !== undefined) {
          if (early.bestLoss === null || metrics['loss']! < early.bestLoss) {
            bestEpoch = flatWeights(trainer.model);
            early = { ...early, bestLoss: metrics['loss']!, bestEpoch: epoch, wait: 0 };
          } else {
            early = { ...early, wait: early.wait + 1, stopped: early.wait + 1 >= config.patience };
          }
        }
      }
      early = { ...early, val: [...early.val, metrics] };
      // NOTE: the time left assumes every later epoch costs what this stage's epochs cost per image so far
      const left = timeLeft(seconds(), trainer.position.epoch, train.images.size, config.epochs, imagesAfter);
      post({ type: 'line', line: `${phase}: loss ${f4(logs.loss)}${logs.metrics['accuracy'] !== undefined ? `, accuracy ${logs.metrics['accuracy'].toFixed(3)}` : ''}${val ? `, val loss ${f4(metrics['loss'])}${metrics['auc'] !== undefined ? `, val AUC ${f4(metrics['auc'])}` : `, val accuracy ${metrics['accuracy']!.toFixed(3)}`}` : ''} (${logs.seconds.toFixed(1)} s, ${(train.images.size / Math.max(1e-9, logs.seconds)).toFixed(1)} images/s${left > 0 && !early.stopped ? `; about ${formatDuration(left)} left` : ''})${early.stopped ? `; early stop: best val loss at epoch ${early.bestEpoch + 1}` : ''}` });
      save();
    }
    if (config.patience !== undefined && bestEpoch) setFlatWeights(trainer.model, bestEpoch);
    const outcome: StageOutcome = {
      stage: stage.name, epochs: trainer.history.length, stoppedEarly: early.stopped, seconds: seconds(),
      // NOTE: as `fit`'s history for heads: `metrics` are validation metrics (the history plot draws them so), valLoss apart.
      history: trainer.history.map((h, i) => {
        const { loss: valLoss, ...val } = early.val[i] ?? {};
        return { epoch: h.epoch, loss: h.loss, lr: h.lr, seconds: h.seconds, metrics: val, ...(valLoss !== undefined ? { valLoss } : {}), ...(h.metrics['accuracy'] !== undefined ? { trainAccuracy: h.metrics['accuracy'] } : {}) };
      }),
    };
    const scores = stage.test ? await trainer.predict(new DatasetImageSource(inputs, stage.test)) : undefined;
    return { stopped: false, model: trainer.model, outcome, ...(scores ? { scores } : {}) };
  } finally {
    await trainer.dispose();
  }
}
