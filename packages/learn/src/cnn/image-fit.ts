/**
 * The epoch loop of {@link ImageTrainer.fit}: seeded shuffles, steps, progress events, validation, and
 * checkpoints at epoch ends, every N steps and on abort. Every event and checkpoint is plain data or bytes,
 * so a worker thread can forward them to the main thread as they come.
 */
import type { EpochLogs } from '../train/training-callback.js';
import type { TrainingPosition } from './checkpoint-format.js';
import type { ImageDataset } from './image-dataset.js';
import type { ImageTrainer } from './image-trainer.js';
import { stepRandom } from './step-random.js';
import { LearnError } from '../learn-error.js';

/**
 * A progress event: after each batch (running means of the epoch so far) and after each epoch.
 *
 * @example
 * ```ts
 * onProgress: (e) => { if (e.kind === 'epoch') console.log(formatEpochLine(e.logs, e.epochs)); }
 * ```
 */
export type TrainingEvent =
  | { readonly kind: 'batch'; readonly epoch: number; readonly batch: number; readonly batches: number; readonly loss: number; readonly accuracy?: number; readonly seconds: number }
  | { readonly kind: 'epoch'; readonly logs: EpochLogs; readonly epochs: number };

/**
 * Options of {@link ImageTrainer.fit}.
 *
 * @example
 * ```ts
 * await trainer.fit(train, { epochs: 10, validation: test, signal: controller.signal, onCheckpoint: (b) => writeCheckpointFile('run.ckpt', b) });
 * ```
 */
export interface ImageFitOptions {
  /** Total epochs (training continues from the trainer's position up to this count). */
  readonly epochs: number;
  /** Evaluated after every epoch (inference mode): `valLoss` and `val_accuracy`. */
  readonly validation?: ImageDataset;
  readonly onProgress?: (event: TrainingEvent) => void | Promise<void>;
  /** Abort to stop after the current step (Ctrl-C); a checkpoint is offered through `onCheckpoint`. */
  readonly signal?: AbortSignal;
  /** Receives checkpoint bytes after each epoch, every `checkpointEverySteps` steps and on abort. */
  readonly onCheckpoint?: (bytes: Uint8Array, position: TrainingPosition) => void | Promise<void>;
  /** Also checkpoint every this many steps (default: only at epoch ends and on abort). */
  readonly checkpointEverySteps?: number;
}

/**
 * What {@link ImageTrainer.fit} returns.
 *
 * @example
 * ```ts
 * const { stopped, history } = await trainer.fit(train, { epochs: 2 }); // stopped: 'done'
 * ```
 */
export interface ImageFitResult {
  readonly stopped: 'done' | 'aborted';
  readonly history: readonly EpochLogs[];
  readonly position: TrainingPosition;
}

/**
 * Runs the loop for `trainer` (called by `trainer.fit`, which checks the targets first).
 *
 * @example
 * ```ts
 * await fitImages(trainer, train, { epochs: 2 });
 * ```
 */
export async function fitImages(trainer: ImageTrainer, data: ImageDataset, options: ImageFitOptions): Promise<ImageFitResult> {
  if (!(Number.isInteger(options.epochs) && options.epochs >= 0)) throw new LearnError('learn/bad-argument', `epochs must be a non-negative integer, got ${options.epochs}`);
  const { batchSize, seed, shuffle } = trainer.options;
  const n = data.images.size;
  const batches = Math.ceil(n / batchSize);
  const classLabels = data.labels instanceof Int32Array;
  const offerCheckpoint = async (): Promise<void> => {
    if (options.onCheckpoint) await options.onCheckpoint(trainer.checkpoint(), trainer.position);
  };
  let steps = 0;
  while (trainer.position.epoch < options.epochs) {
    const epoch = trainer.position.epoch;
    const order = shuffle ? stepRandom(seed, 'shuffle', epoch).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    const t0 = performance.now();
    for (let b = trainer.position.batch; b < batches; b++) {
      if (options.signal?.aborted) {
        await offerCheckpoint();
        return { stopped: 'aborted', history: trainer.history, position: trainer.position };
      }
      const idx = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
      // NOTE: announce the next batch first, so a streaming source decodes it while this step runs.
      if (b + 1 < batches) data.images.prefetch?.(order.subarray((b + 1) * batchSize, Math.min(n, (b + 2) * batchSize)));
      const r = await trainer.step(data, idx, epoch, b);
      const p = trainer.position;
      trainer.position = { epoch, batch: b + 1, lossSum: p.lossSum + r.loss * idx.length, seen: p.seen + idx.length, correct: p.correct + (r.correct ?? 0) };
      steps++;
      const q = trainer.position;
      await options.onProgress?.({
        kind: 'batch', epoch, batch: b, batches, loss: q.lossSum / q.seen, seconds: (performance.now() - t0) / 1000,
        ...(classLabels ? { accuracy: q.correct / q.seen } : {}),
      });
      if (options.checkpointEverySteps && steps % options.checkpointEverySteps === 0 && b + 1 < batches) await offerCheckpoint();
    }
    const p = trainer.position;
    const metrics: Record<string, number> = {};
    if (classLabels) metrics['accuracy'] = p.correct / p.seen;
    let valLoss: number | undefined;
    if (options.validation) {
      const v = await trainer.evaluate(options.validation);
      valLoss = v.loss;
      if (v.accuracy !== undefined) metrics['val_accuracy'] = v.accuracy;
    }
    const logs: EpochLogs = {
      epoch, loss: p.lossSum / Math.max(1, p.seen), lr: trainer.optimizer.lr, seconds: (performance.now() - t0) / 1000, metrics,
      ...(valLoss === undefined ? {} : { valLoss }),
    };
    trainer.history.push(logs);
    trainer.position = { epoch: epoch + 1, batch: 0, lossSum: 0, seen: 0, correct: 0 };
    await options.onProgress?.({ kind: 'epoch', logs, epochs: options.epochs });
    await offerCheckpoint();
  }
  return { stopped: 'done', history: trainer.history, position: trainer.position };
}
